"""Fees and payments: requests per dossier and fee stage, the gateways (VNPay, VietQR bank transfers), cash at
the desk, e-receipts, reconciliation, refunds and the daily report."""
