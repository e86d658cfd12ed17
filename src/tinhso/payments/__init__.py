"""Thanh toán trực tuyến phí, lệ phí (issue 16): only verified money counts.

Nghị định 42/2022/NĐ-CP Điều 11 (a procedure with a fee is toàn trình only if the fee can be
paid online) and Nghị định 45/2020/NĐ-CP; receipts under Nghị định 123/2020/NĐ-CP as amended by
Nghị định 70/2025/NĐ-CP. A payment is confirmed by a verified server-to-server callback (IPN)
or by the provider's status query — never by the browser's return URL.

- `gateways/`  one interface (start → redirect/QR → callback → query → refund) and one adapter
               per provider, each speaking its published protocol (VNPay 2.1.0, the national
               portal's payment platform, PayGov through the provincial LGSP).
- `models.py`  Payment (one attempt to collect one dossier's fee), PaymentEvent (every callback
               and query, verified or not), Refund.
- `services.py` the one confirmation (idempotent, amount and currency checked), starting.
- `receipts.py`, `receipt_seal.py` the biên lai of each confirmed payment and the agency's seal
               on it, applied by the system (unsealed → sealed, retried).
- `reactions.py`, `refunds.py` refunds a closing starts, sent to the provider and retried with
               back-off; those that fail for good are listed for the accountant.
"""
