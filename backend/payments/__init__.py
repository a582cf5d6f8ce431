"""Fees and payments: what a dossier owes, how it was paid (VietQR, a card gateway, cash at the desk), receipts."""
