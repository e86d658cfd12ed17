"""How packages travel: one interface (`base.Transport`), chosen by settings.EXCHANGE_TRANSPORT."""
