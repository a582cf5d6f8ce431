"""Payments: VietQR, bank-transfer notifications, e-receipts."""
