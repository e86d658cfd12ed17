"""Pages of incoming documents (văn bản đến), under /van-ban/den/."""

from django.urls import path

from tinhso.documents import views_incoming as v

urlpatterns = [
    path("", v.incoming_list, name="incoming_list"),
    path("cua-toi/", v.incoming_inbox, name="incoming_inbox"),
    path("cho-vao-so/", v.incoming_pending, name="incoming_pending"),
    path("vao-so/", v.incoming_new, name="incoming_new"),
    path("so/", v.incoming_books, name="incoming_books"),
    path(
        "so/<int:book_id>/<slug:kind>.<str:fmt>",
        v.incoming_register_download,
        name="incoming_register_download",
    ),
    path("<int:pk>/", v.incoming_detail, name="incoming_detail"),
    path("<int:pk>/vao-so/", v.incoming_register_pending, name="incoming_register_pending"),
    path("<int:pk>/tu-choi/", v.incoming_refuse, name="incoming_refuse"),
    path("<int:pk>/tep/<int:file_id>/", v.incoming_file, name="incoming_file"),
    path("<int:pk>/phan-cong/", v.incoming_assign, name="incoming_assign"),
    path(
        "<int:pk>/giao-lai/<int:assignment_id>/",
        v.incoming_delegate,
        name="incoming_delegate",
    ),
    path("<int:pk>/tien-do/", v.incoming_progress, name="incoming_progress"),
    path("<int:pk>/hoan-thanh/", v.incoming_complete, name="incoming_complete"),
]
