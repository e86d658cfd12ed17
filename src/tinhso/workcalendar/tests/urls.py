"""Admin only: keeps these tests independent of other apps' URL modules."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("quan-tri/", admin.site.urls)]
