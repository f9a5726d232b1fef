"""SmallClaimsCollect: court papers after a small-claims judgment (appeal, collect, defend)."""

__version__ = "0.1.0"
