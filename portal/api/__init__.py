"""The partner API's router, wiring the apps' viewsets together."""
