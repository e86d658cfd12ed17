"""Tỉnh Số: the digital government platform of a Vietnamese province."""
