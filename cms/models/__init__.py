from cms.models.home import HomePage

__all__ = ["HomePage"]
