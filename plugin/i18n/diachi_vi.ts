<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>diachi</name>
    <message><source>&amp;Địa chỉ / Diachi</source><translation>&amp;Địa chỉ / Diachi</translation></message>
    <message><source>Validate points…</source><translation>Kiểm tra điểm…</translation></message>
    <message><source>Check collected address points against communes, buildings, roads and water</source><translation>Kiểm tra điểm địa chỉ thu thập với ranh giới xã, công trình, đường và mặt nước</translation></message>
    <message><source>Validate points</source><translation>Kiểm tra điểm địa chỉ</translation></message>
    <message><source>Validation</source><translation>Kiểm tra</translation></message>
    <message><source>Collected points</source><translation>Điểm thu thập</translation></message>
    <message><source>Field with the {}</source><translation>Trường chứa {}</translation></message>
    <message><source>Commune boundaries</source><translation>Ranh giới xã/phường</translation></message>
    <message><source>Commune code field</source><translation>Trường mã xã/phường</translation></message>
    <message><source>Checks to run (none selected: all)</source><translation>Các kiểm tra cần chạy (không chọn: chạy tất cả)</translation></message>
    <message><source>Findings</source><translation>Kết quả kiểm tra</translation></message>
    <message><source>Reading points…</source><translation>Đang đọc điểm…</translation></message>
    <message><source>Building footprints</source><translation>Khung công trình (nhà, trụ sở...)</translation></message>
    <message><source>Roads</source><translation>Đường giao thông</translation></message>
    <message><source>Water (rivers, lakes, ponds)</source><translation>Mặt nước (sông, hồ, ao)</translation></message>
    <message><source>Mapped entrances (entrance=main...)</source><translation>Lối vào đã số hóa (entrance=main...)</translation></message>
    <message><source>Maximum distance to a building (metres)</source><translation>Khoảng cách tối đa tới công trình (mét)</translation></message>
    <message><source>Report moves longer than (metres)</source><translation>Chỉ báo khi dời xa hơn (mét)</translation></message>
    <message><source>Needs these Python packages in QGIS: {}. Install them (see the README: shapely must be built for QGIS&apos;s GEOS) and restart QGIS.</source><translation>Cần cài các gói Python sau cho QGIS: {}. Hãy cài đặt (xem README: shapely phải được biên dịch với GEOS của QGIS) rồi khởi động lại QGIS.</translation></message>
    <message><source>Feature {}: {}</source><translation>Đối tượng {}: {}</translation></message>
    <message><source>Checks collected address points: 0,0 and swapped coordinates, points outside Vietnam or outside their declared commune, points stacked on one spot, empty name/category/address and broken geometries. Writes one finding per problem with a stable check code.

Kiểm tra điểm địa chỉ thu thập: tọa độ 0,0 hoặc đảo ngược, ngoài lãnh thổ, sai xã, chồng điểm, thiếu thông tin, hình học lỗi.</source><translation>Kiểm tra điểm địa chỉ thu thập: tọa độ 0,0 hoặc đảo ngược kinh/vĩ độ, điểm ngoài lãnh thổ Việt Nam hoặc ngoài xã đã khai, nhiều điểm chồng một chỗ, thiếu tên/loại/địa chỉ và hình học lỗi. Mỗi vấn đề ghi thành một kết quả với mã kiểm tra cố định.</translation></message>
</context>
</TS>
