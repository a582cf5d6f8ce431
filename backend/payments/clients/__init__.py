"""The outside services payments talk to: the bank-transfer notifications, the card/e-wallet gateway."""
