"""Fees and payments: VietQR bank transfers, the card/e-wallet gateway, cash at the desk, e-receipts."""
