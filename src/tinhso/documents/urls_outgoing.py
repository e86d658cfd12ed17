"""Pages of outgoing documents (văn bản đi)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
