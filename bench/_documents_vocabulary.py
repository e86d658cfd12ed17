"""Vietnamese words for bench/documents_million_bench.py: topics, verbs, places, sentences and
people's names, so that generated documents have common words and rare phrases."""

TOPICS = (
    "cải cách hành chính|chuyển đổi số|đất đai|xây dựng nông thôn mới|phòng chống thiên tai|"
    "an toàn giao thông|giáo dục và đào tạo|y tế cơ sở|bảo hiểm xã hội|thuế thu nhập cá nhân|"
    "quy hoạch đô thị|bảo vệ môi trường|khiếu nại, tố cáo|thi đua khen thưởng|"
    "phòng cháy chữa cháy|phát triển du lịch|đầu tư công|ngân sách nhà nước|văn hóa cơ sở|"
    "an ninh trật tự|tuyển dụng công chức|lưu trữ hồ sơ|kiểm tra văn bản|hộ tịch|"
    "giải phóng mặt bằng|cấp giấy phép xây dựng|quản lý chất thải rắn|nước sạch nông thôn|"
    "phổ biến giáo dục pháp luật|tiêm chủng mở rộng"
).split("|")
VERBS = (
    "Về việc triển khai|Về việc báo cáo kết quả|Về việc phê duyệt kế hoạch|"
    "Về việc tăng cường công tác|Về việc góp ý dự thảo|Về việc kiểm tra|"
    "Về việc tổ chức hội nghị|Về việc hướng dẫn thực hiện|Về việc giao chỉ tiêu|"
    "Về việc đôn đốc thực hiện|Về việc rà soát|Về việc bố trí kinh phí"
).split("|")
PLACES = (
    "xã Tân Hưng|xã Hòa Thạnh|phường Long Hoa|xã Phước Vinh|thị trấn Tân Biên|xã Thạnh Bắc|"
    "xã Suối Ngô|phường Ninh Sơn|xã Bàu Đồn|xã Trà Vong|phường Hiệp Ninh|xã Lộc Hưng"
).split("|")
SENTENCES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2015.|"
    "Xét đề nghị của Trưởng phòng chuyên môn.|"
    "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.|"
    "Định kỳ báo cáo kết quả về cơ quan thường trực trước ngày 25 hằng tháng.|"
    "Trong quá trình thực hiện nếu có khó khăn, vướng mắc đề nghị phản ánh kịp thời.|"
    "Giao Văn phòng theo dõi, đôn đốc và tổng hợp tình hình.|"
    "Kinh phí thực hiện từ nguồn ngân sách nhà nước được giao dự toán.|"
    "Đề nghị Ủy ban nhân dân các huyện, thị xã, thành phố phối hợp thực hiện.|"
    "Thời gian hoàn thành chậm nhất trong quý IV.|"
    "Tổ chức kiểm tra thực tế tại các địa phương trên địa bàn tỉnh.|"
    "Tổng hợp ý kiến của người dân và doanh nghiệp.|"
    "Đảm bảo công khai, minh bạch, đúng quy định của pháp luật."
).split("|")
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương".split()
MIDDLE = "Văn Thị Minh Hữu Đức Thanh Ngọc Quốc Xuân Thu Hồng Kim Bảo Gia Công Đình".split()
GIVEN = (
    "An Bình Cường Dung Em Giang Hà Hải Hạnh Hòa Hùng Khánh Lan Linh Long Mai Nam Nga Nhung "
    "Phong Phúc Quân Quang Sơn Tâm Thảo Thắng Trang Trung Tuấn Uyên Việt Xuân Yến Đạt Hiếu "
    "Khoa Lộc Vinh Thịnh"
).split()
