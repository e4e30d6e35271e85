"""The words of the reports, Vietnamese and English (the library's other texts are in
:mod:`diachi_geo.messages`)."""
from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "progress_title": ("Tiến độ thu thập và rà soát", "Collection and review progress"),
    "quality_title": ("Chất lượng theo người thu thập", "Quality per collector"),
    "commune": ("Xã/phường", "Commune"),
    "district": ("Huyện (cũ)", "District (legacy)"),
    "collector": ("Người thu thập", "Collector"),
    "quota": ("Chỉ tiêu", "Quota"),
    "collected": ("Đã thu thập", "Collected"),
    "reviewed": ("Đã rà soát", "Reviewed"),
    "confirmed": ("Đã xác nhận", "Confirmed"),
    "rejected": ("Đã loại bỏ", "Rejected"),
    "pct_collected": ("% chỉ tiêu đã thu thập", "% of quota collected"),
    "pct_confirmed": ("% chỉ tiêu đã xác nhận", "% of quota confirmed"),
    "week": ("Tuần", "Week"),
    "field_sent": ("Đã gửi kiểm tra thực địa", "Sent to the field"),
    "field_returned": ("Đã có kết quả thực địa", "Back from the field"),
    "field_out": ("Đang ở thực địa", "Still out"),
    "assignee": ("Người kiểm tra thực địa", "Field visitor"),
    "per_week": ("Số điểm thu thập theo tuần", "Points collected per week"),
    "points": ("Số điểm", "Points"),
    "share": ("Tỷ lệ có lỗi", "Share with"),
    "median_snap_m": ("Trung vị khoảng dời (m)", "Median snap distance (m)"),
    "duplicates_created": ("Số điểm trùng tạo ra", "Duplicates created"),
    "rejection_rate": ("Tỷ lệ bị loại", "Rejection rate"),
    "points_per_hour": ("Điểm mỗi giờ (trung vị)", "Points per hour (median)"),
    "bursts": ("Điểm dồn một chỗ", "Points in bursts at one spot"),
    "needs_help": ("Mức cần hỗ trợ", "Needs help (score)"),
    "handover_title": ("Danh sách địa chỉ số bàn giao", "Digital addresses handed over"),
    "province": ("Tỉnh/thành phố", "Province"),
    "date": ("Ngày lập", "Date"),
    "count_coded": ("Địa chỉ có mã", "Addresses with a code"),
    "count_awaiting": ("Địa chỉ chờ cấp mã", "Addresses awaiting a code"),
    "awaiting_title": ("Địa chỉ chờ cấp mã", "Awaiting a digital address code"),
    "code": ("Mã địa chỉ số", "Digital address code"),
    "qr": ("Mã QR", "QR code"),
    "name": ("Tên", "Name"),
    "category": ("Loại", "Category"),
    "address": ("Địa chỉ chi tiết", "Detailed address"),
    "owner": ("Chủ sở hữu", "Owner"),
    "page": ("Trang {page}/{pages}", "Page {page} of {pages}"),
    "unconfirmed_warning": ("Gồm cả địa chỉ chưa được xác nhận", "Includes addresses not "
                            "yet confirmed"),
    "map_title": ("Bản đồ tổng quan", "Overview map"),
}


def word(key: str, lang: str) -> str:
    """The report word ``key`` in ``lang`` (Vietnamese or English)."""
    vi, en = WORDS[key]
    return vi if lang == "vi" else en
