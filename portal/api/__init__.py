"""Building blocks shared by the partner API's viewsets (cities, practices, publications)."""
