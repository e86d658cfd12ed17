from django import forms


class OutageForm(forms.Form):
    fail_next = forms.IntegerField(
        label="Số tin trạng thái tiếp theo sẽ từ chối",
        min_value=0,
        max_value=1000,
        error_messages={
            "required": "Hãy nhập số tin (0 để hết sự cố).",
            "invalid": "Hãy nhập một số nguyên.",
            "min_value": "Số tin không được âm.",
            "max_value": "Tối đa 1.000 tin.",
        },
    )
    fail_status = forms.TypedChoiceField(
        label="Trả lời bằng mã HTTP",
        choices=[
            (503, "503 – dịch vụ tạm ngừng"),
            (500, "500 – lỗi máy chủ"),
            (504, "504 – quá thời gian"),
        ],
        coerce=int,
        initial=503,
    )


class SampleForm(forms.Form):
    procedure_code = forms.CharField(
        label="Mã thủ tục (để trống: thủ tục trực tuyến đầu tiên)", required=False, max_length=20
    )
    agency_code = forms.CharField(
        label="Mã định danh cơ quan tiếp nhận (để trống: tự chọn)", required=False, max_length=13
    )
    external_id = forms.CharField(
        label="Mã hồ sơ trên Cổng (để trống: tạo mới; nhập lại mã cũ để thử gửi trùng)",
        required=False,
        max_length=64,
    )
