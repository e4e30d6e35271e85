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
    <message><source>Accept the suggested location (the entrance)</source><translation>Nhận vị trí đề xuất (cổng/cửa chính)</translation></message>
    <message><source>Address</source><translation>Địa chỉ</translation></message>
    <message><source>All</source><translation>Tất cả</translation></message>
    <message><source>Any finding</source><translation>Mọi kết quả</translation></message>
    <message><source>Approve: the point is right as it is</source><translation>Duyệt: điểm đúng như hiện tại</translation></message>
    <message><source>Approved</source><translation>Đã duyệt</translation></message>
    <message><source>Attribution (who owns the imagery):</source><translation>Ghi nguồn (đơn vị sở hữu ảnh):</translation></message>
    <message><source>Building review session</source><translation>Đang tạo phiên rà soát</translation></message>
    <message><source>Cancelled.</source><translation>Đã hủy.</translation></message>
    <message><source>Category</source><translation>Loại</translation></message>
    <message><source>Checked by</source><translation>Người kiểm tra</translation></message>
    <message><source>Choose where to save the session.</source><translation>Hãy chọn nơi lưu phiên rà soát.</translation></message>
    <message><source>Collected at</source><translation>Thời gian thu thập</translation></message>
    <message><source>Collector</source><translation>Người thu thập</translation></message>
    <message><source>Commune</source><translation>Xã/phường</translation></message>
    <message><source>Confirm (checker): agree with the review</source><translation>Xác nhận (người kiểm tra): đồng ý với kết quả rà soát</translation></message>
    <message><source>Confirmed</source><translation>Đã xác nhận</translation></message>
    <message><source>Corrected</source><translation>Đã sửa</translation></message>
    <message><source>Custom imagery</source><translation>Ảnh nền tùy chọn</translation></message>
    <message><source>Custom tile URL (settings)…</source><translation>Địa chỉ ảnh nền tùy chọn (cài đặt)…</translation></message>
    <message><source>Digital address code</source><translation>Mã địa chỉ số</translation></message>
    <message><source>Dismiss the selected finding as a false positive</source><translation>Bỏ qua kết quả đang chọn (báo sai)</translation></message>
    <message><source>Errors</source><translation>Lỗi</translation></message>
    <message><source>Errors and warnings</source><translation>Lỗi và cảnh báo</translation></message>
    <message><source>Imagery (*.tif *.tiff *.mbtiles *.gpkg)</source><translation>Ảnh (*.tif *.tiff *.mbtiles *.gpkg)</translation></message>
    <message><source>Imagery: {}</source><translation>Ảnh nền: {}</translation></message>
    <message><source>Internal error: {}: {}</source><translation>Lỗi nội bộ: {}: {}</translation></message>
    <message><source>Move: click the right place on the map</source><translation>Di chuyển: bấm vào vị trí đúng trên bản đồ</translation></message>
    <message><source>Name</source><translation>Tên</translation></message>
    <message><source>Needs a field check</source><translation>Cần kiểm tra thực địa</translation></message>
    <message><source>Needs field check</source><translation>Cần kiểm tra thực địa</translation></message>
    <message><source>New</source><translation>Mới</translation></message>
    <message><source>Next point</source><translation>Điểm tiếp theo</translation></message>
    <message><source>No changes yet.</source><translation>Chưa có thay đổi.</translation></message>
    <message><source>No photo</source><translation>Không có ảnh</translation></message>
    <message><source>No point matches the filter.</source><translation>Không có điểm nào khớp bộ lọc.</translation></message>
    <message><source>No point selected.</source><translation>Chưa chọn điểm.</translation></message>
    <message><source>Nothing to undo.</source><translation>Không có gì để hoàn tác.</translation></message>
    <message><source>Offline imagery file</source><translation>Tệp ảnh ngoại tuyến</translation></message>
    <message><source>Offline imagery file…</source><translation>Tệp ảnh ngoại tuyến…</translation></message>
    <message><source>Open a review session</source><translation>Mở phiên rà soát</translation></message>
    <message><source>Opened read-only.</source><translation>Đã mở ở chế độ chỉ đọc.</translation></message>
    <message><source>Opened read-only: {} has this session open since {}.</source><translation>Đã mở ở chế độ chỉ đọc: {} đang mở phiên này từ {}.</translation></message>
    <message><source>Point</source><translation>Điểm</translation></message>
    <message><source>Point {} of {}</source><translation>Điểm {} / {}</translation></message>
    <message><source>Points (review status)</source><translation>Điểm (trạng thái rà soát)</translation></message>
    <message><source>Previous point</source><translation>Điểm trước</translation></message>
    <message><source>Re-validated: {flagged} points with findings; {dismissed_kept} dismissed findings kept.</source><translation>Đã kiểm tra lại: {flagged} điểm có kết quả; giữ {dismissed_kept} kết quả đã bỏ qua.</translation></message>
    <message><source>Re-validating review session</source><translation>Đang kiểm tra lại phiên rà soát</translation></message>
    <message><source>Reason</source><translation>Lý do</translation></message>
    <message><source>Reason:</source><translation>Lý do:</translation></message>
    <message><source>Reject the point</source><translation>Loại bỏ điểm</translation></message>
    <message><source>Reject, with a reason</source><translation>Loại bỏ, kèm lý do</translation></message>
    <message><source>Rejected</source><translation>Đã loại bỏ</translation></message>
    <message><source>Return (checker): send back for another review</source><translation>Trả lại (người kiểm tra): gửi lại để rà soát</translation></message>
    <message><source>Return the point for another review</source><translation>Trả lại điểm để rà soát lại</translation></message>
    <message><source>Returned</source><translation>Đã trả lại</translation></message>
    <message><source>Review flagged points over satellite imagery, fix them and have a second person confirm</source><translation>Rà soát các điểm bị đánh dấu trên nền ảnh vệ tinh, sửa và để người thứ hai xác nhận</translation></message>
    <message><source>Review points</source><translation>Rà soát điểm</translation></message>
    <message><source>Review session (*.gpkg)</source><translation>Phiên rà soát (*.gpkg)</translation></message>
    <message><source>Review: {}</source><translation>Rà soát: {}</translation></message>
    <message><source>Reviewed by</source><translation>Người rà soát</translation></message>
    <message><source>Satellite imagery</source><translation>Ảnh vệ tinh</translation></message>
    <message><source>Select the finding to dismiss.</source><translation>Hãy chọn kết quả cần bỏ qua.</translation></message>
    <message><source>Select the record to keep.</source><translation>Hãy chọn bản ghi cần giữ.</translation></message>
    <message><source>Session ready: {points} points, {flagged} with findings.</source><translation>Phiên rà soát đã sẵn sàng: {points} điểm, {flagged} điểm có kết quả.</translation></message>
    <message><source>Status</source><translation>Trạng thái</translation></message>
    <message><source>Suggested locations</source><translation>Vị trí đề xuất</translation></message>
    <message><source>Suggested moves</source><translation>Đường dịch chuyển đề xuất</translation></message>
    <message><source>That point is not in the worklist; change the filter.</source><translation>Điểm đó không có trong danh sách; hãy đổi bộ lọc.</translation></message>
    <message><source>The imagery file {} does not exist.</source><translation>Tệp ảnh {} không tồn tại.</translation></message>
    <message><source>The imagery layer {} could not be opened: {}</source><translation>Không mở được lớp ảnh {}: {}</translation></message>
    <message><source>Tile URL with {z}, {x} and {y}:</source><translation>Địa chỉ ô ảnh có {z}, {x} và {y}:</translation></message>
    <message><source>Undo your last change</source><translation>Hoàn tác thay đổi gần nhất</translation></message>
    <message><source>Review points: {}</source><translation>Rà soát điểm: {}</translation></message>
    <message><source>The key {} also belongs to another QGIS command (Ctrl+Z: undo of a layer being edited), so neither ran: click the button in the Review dock, or give one of them another key in Settings → Keyboard Shortcuts.</source><translation>Phím {} cũng thuộc về một lệnh khác của QGIS (Ctrl+Z: hoàn tác lớp đang chỉnh sửa) nên không lệnh nào chạy: hãy bấm nút trong bảng Rà soát, hoặc đặt phím khác cho một trong hai lệnh ở Thiết lập → Các Phím tắt Bàn phím.</translation></message>
    <message><source>Zoom to the point</source><translation>Phóng tới điểm</translation></message>
    <message><source>dismissed</source><translation>đã bỏ qua</translation></message>
    <message><source>undone</source><translation>đã hoàn tác</translation></message>
    <message><source>{} of {} reviewed</source><translation>Đã rà soát {} / {}</translation></message>
    <message><source>Build review session</source><translation>Tạo phiên rà soát</translation></message>
    <message><source>Review</source><translation>Rà soát</translation></message>
    <message><source>Review session</source><translation>Phiên rà soát</translation></message>
    <message><source>Points</source><translation>Số điểm</translation></message>
    <message><source>Points with findings</source><translation>Số điểm có kết quả</translation></message>
    <message><source>Copies the collected points into a new review session (a GeoPackage), runs every check against the reference layers and prepares the review and audit tables. Open the session in the Review dock. The input layer is never changed.

Sao chép điểm thu thập vào một phiên rà soát mới (GeoPackage), chạy mọi kiểm tra và chuẩn bị bảng rà soát, nhật ký. Mở phiên trong bảng Rà soát.</source><translation>Sao chép các điểm thu thập vào một phiên rà soát mới (GeoPackage), chạy mọi kiểm tra với các lớp tham chiếu và chuẩn bị bảng rà soát, bảng nhật ký. Mở phiên trong bảng Rà soát. Lớp đầu vào không bao giờ bị thay đổi.</translation></message>
    <message><source>Loading photo…</source><translation>Đang tải ảnh…</translation></message>
    <message><source>Number of findings</source><translation>Số kết quả</translation></message>
    <message><source>Snap points to building entrances</source><translation>Dời điểm về cổng/cửa chính công trình</translation></message>
    <message><source>Proposes for every point the main entrance of its building (a mapped entrance, else the wall facing the road, else the nearest wall), flags points far from any building or in water, and writes a corrected copy of the points where the proposal is at least as confident as asked.

Đề xuất vị trí cổng/cửa chính của công trình cho từng điểm, đánh dấu điểm xa công trình hoặc nằm trên mặt nước, và ghi bản sao đã hiệu chỉnh.</source><translation>Đề xuất cho từng điểm vị trí cổng/cửa chính của công trình (lối vào đã số hóa, nếu không thì bức tường hướng ra đường, nếu không thì bức tường gần nhất), đánh dấu điểm xa mọi công trình hoặc nằm trên mặt nước, và ghi một bản sao các điểm đã dời tới vị trí đề xuất khi độ tin cậy đạt mức yêu cầu.</translation></message>
    <message><source>Apply proposals with a confidence of at least (0-1)</source><translation>Áp dụng đề xuất có độ tin cậy từ (0-1)</translation></message>
    <message><source>Corrected points</source><translation>Điểm đã hiệu chỉnh</translation></message>
    <message><source>{} points moved to their entrance.</source><translation>Đã dời {} điểm về cổng/cửa chính.</translation></message>
    <message><source>Find duplicate places</source><translation>Tìm địa điểm trùng lặp</translation></message>
    <message><source>Finds places collected twice under different spellings (names with abbreviations or without diacritics, the same address, code or phone), groups them and suggests the record to keep. With a published layer, new points already in it are found too.

Tìm các địa điểm bị thu thập hai lần với cách viết khác nhau, gộp thành nhóm và đề xuất bản ghi cần giữ.</source><translation>Tìm các địa điểm bị thu thập hai lần với cách viết khác nhau (viết tắt, không dấu, cùng địa chỉ, mã hoặc số điện thoại), gộp thành nhóm và đề xuất bản ghi cần giữ. Khi có lớp đã công bố, cũng tìm các điểm mới đã có trong lớp đó.</translation></message>
    <message><source>Already published places (optional)</source><translation>Địa điểm đã công bố (tùy chọn)</translation></message>
    <message><source>Duplicate groups</source><translation>Nhóm trùng lặp</translation></message>
    <message><source>Check misplaced points</source><translation>Kiểm tra điểm sai vị trí</translation></message>
    <message><source>Finds points at 0,0, with latitude and longitude swapped, outside Vietnam, outside the commune their code (or, without one, their commune name or address) declares, with a code and a commune name that disagree, or stacked on one spot, and broken geometries. Needs no building data.

Tìm điểm ở tọa độ 0,0, đảo ngược kinh/vĩ độ, ngoài lãnh thổ, ngoài xã đã khai, mã xã và tên xã không khớp, chồng lên nhau, hoặc hình học lỗi.</source><translation>Tìm điểm ở tọa độ 0,0, đảo ngược kinh/vĩ độ, ngoài lãnh thổ Việt Nam, ngoài xã mà mã xã (hoặc, khi không có mã, tên xã hay địa chỉ) khai báo, mã xã và tên xã không khớp, nhiều điểm chồng một chỗ, và hình học lỗi. Không cần dữ liệu công trình.</translation></message>
    <message><source>Maximum distance to a building</source><translation>Khoảng cách tối đa tới công trình</translation></message>
    <message><source>Report moves longer than</source><translation>Chỉ báo khi dời xa hơn</translation></message>
    <message><source>Suggest a farther building&apos;s entrance up to</source><translation>Đề xuất lối vào của công trình xa hơn, tối đa</translation></message>
    <message><source>Add an overview map page</source><translation>Thêm trang bản đồ tổng quan</translation></message>
    <message><source>Commune codes, comma-separated (empty: every commune)</source><translation>Mã xã, cách nhau bằng dấu phẩy (để trống: mọi xã)</translation></message>
    <message><source>Commune hand-over PDFs</source><translation>PDF bàn giao cho xã</translation></message>
    <message><source>Commune hand-over PDFs…</source><translation>PDF bàn giao cho xã…</translation></message>
    <message><source>Commune {}</source><translation>Xã {}</translation></message>
    <message><source>Folder for the PDFs</source><translation>Thư mục lưu các tệp PDF</translation></message>
    <message><source>HTML (*.html)</source><translation>HTML (*.html)</translation></message>
    <message><source>Include points not yet confirmed</source><translation>Gồm cả điểm chưa được xác nhận</translation></message>
    <message><source>Old district</source><translation>Huyện cũ</translation></message>
    <message><source>One PDF per commune: a cover page, an overview map, then every digital address code with its QR code, name, category and detailed address, sorted by hamlet or street and house number; addresses without a code are listed apart. Only confirmed points unless asked; the owner's data only when asked. Writes manifest.csv and SHA256SUMS beside the PDFs.

Mỗi xã một tệp PDF bàn giao gồm mã địa chỉ số, mã QR và địa chỉ chi tiết.</source><translation>Mỗi xã một tệp PDF: trang bìa, bản đồ tổng quan, rồi từng mã địa chỉ số kèm mã QR, tên, loại và địa chỉ chi tiết, sắp theo thôn/tổ hoặc đường và số nhà; địa chỉ chưa có mã được liệt kê riêng. Chỉ gồm điểm đã xác nhận, trừ khi chọn khác; thông tin chủ sở hữu chỉ in khi được yêu cầu. Ghi kèm manifest.csv và SHA256SUMS.</translation></message>
    <message><source>One row per</source><translation>Mỗi dòng là một</translation></message>
    <message><source>PDF files written</source><translation>Số tệp PDF đã ghi</translation></message>
    <message><source>Page with charts</source><translation>Trang có biểu đồ</translation></message>
    <message><source>Per collector: points, the share with each kind of finding, the median snap distance, duplicates created, the rejection rate and the time pattern (points per hour, bursts at one spot), the ones who most need help first; as XLSX or CSV plus an HTML page with a chart per measure.

Chất lượng theo người thu thập, người cần hỗ trợ xếp trước.</source><translation>Theo từng người thu thập: số điểm, tỷ lệ theo từng loại kết quả, trung vị khoảng dời, số điểm trùng tạo ra, tỷ lệ bị loại và nhịp thu thập (điểm mỗi giờ, điểm dồn một chỗ); người cần hỗ trợ xếp trước; dạng XLSX hoặc CSV kèm trang HTML có biểu đồ.</translation></message>
    <message><source>Points collected, reviewed, confirmed and rejected per commune (or per old district) against a quota table (CSV: commune code, quota), and per week; as XLSX or CSV plus an HTML page with charts.

Tiến độ thu thập, rà soát, xác nhận theo xã so với chỉ tiêu và theo tuần.</source><translation>Số điểm đã thu thập, rà soát, xác nhận và loại bỏ theo xã (hoặc huyện cũ) so với bảng chỉ tiêu (CSV: mã xã, chỉ tiêu), và theo tuần; dạng XLSX hoặc CSV kèm trang HTML có biểu đồ.</translation></message>
    <message><source>Print the owner's name and phone (personal data)</source><translation>In tên và số điện thoại chủ sở hữu (dữ liệu cá nhân)</translation></message>
    <message><source>Progress report</source><translation>Báo cáo tiến độ</translation></message>
    <message><source>Progress report…</source><translation>Báo cáo tiến độ…</translation></message>
    <message><source>Progress table</source><translation>Bảng tiến độ</translation></message>
    <message><source>Quality per collector</source><translation>Chất lượng theo người thu thập</translation></message>
    <message><source>Quality per collector…</source><translation>Chất lượng theo người thu thập…</translation></message>
    <message><source>Quality table</source><translation>Bảng chất lượng</translation></message>
    <message><source>Quotas (CSV: commune code, quota)</source><translation>Chỉ tiêu (CSV: mã xã, chỉ tiêu)</translation></message>
    <message><source>Reports</source><translation>Báo cáo</translation></message>
    <message><source>{} need these Python packages in QGIS: {}. Install them and restart QGIS.</source><translation>{} cần các gói Python sau trong QGIS: {}. Hãy cài đặt rồi khởi động lại QGIS.</translation></message>
    <message><source>Spreadsheet (*.xlsx);;CSV (*.csv)</source><translation>Bảng tính (*.xlsx);;CSV (*.csv)</translation></message>
    <message><source>An earlier run stopped before it finished; this one resumes it.</source><translation>Lần gửi trước bị dừng giữa chừng; lần này sẽ tiếp tục.</translation></message>
    <message><source>Warning: plain http (allow_insecure_http): the token and the points travel in clear text.</source><translation>Cảnh báo: kết nối http không mã hóa (allow_insecure_http): mã truy cập và các điểm được gửi đi dưới dạng văn bản thường.</translation></message>
    <message><source>On the service but not in the journal: {} (recorded as published when you publish).</source><translation>Có trên dịch vụ nhưng chưa có trong nhật ký: {} (sẽ được ghi nhận là đã công bố khi bạn gửi).</translation></message>
    <message><source>Authentication</source><translation>Xác thực</translation></message>
    <message><source>Cancelled between batches; run again to finish.</source><translation>Đã hủy giữa các đợt gửi; chạy lại để hoàn tất.</translation></message>
    <message><source>Delete what is no longer confirmed</source><translation>Xóa những điểm không còn được xác nhận</translation></message>
    <message><source>Dry run: count only, send nothing</source><translation>Chạy thử: chỉ đếm, không gửi gì</translation></message>
    <message><source>Fields that leave this machine: {}</source><translation>Các trường sẽ gửi ra khỏi máy: {}</translation></message>
    <message><source>New: {new}, changed: {changed}, unchanged: {unchanged}, to delete: {delete}</source><translation>Mới: {new}, thay đổi: {changed}, không đổi: {unchanged}, cần xóa: {delete}</translation></message>
    <message><source>Personal fields to send (none by default)</source><translation>Trường dữ liệu cá nhân được gửi (mặc định: không)</translation></message>
    <message><source>Profile name</source><translation>Tên cấu hình</translation></message>
    <message><source>Publish confirmed points</source><translation>Công bố các điểm đã xác nhận</translation></message>
    <message><source>Publish confirmed points…</source><translation>Công bố các điểm đã xác nhận…</translation></message>
    <message><source>Publish profiles (TOML)</source><translation>Cấu hình công bố (TOML)</translation></message>
    <message><source>Publish: dry run</source><translation>Công bố: chạy thử</translation></message>
    <message><source>Publishing</source><translation>Đang công bố</translation></message>
    <message><source>Send confirmed points to the national map service, after a dry run</source><translation>Gửi các điểm đã xác nhận lên dịch vụ bản đồ quốc gia, sau khi chạy thử</translation></message>
    <message><source>Sends the confirmed points of a review session to a map service (WFS-T or OGC API - Features) described by a profile; a dry run (the default) only counts what would be new, changed, unchanged or deleted. The owner's personal data is sent only when named. The secret comes from the QGIS authentication database.

Gửi các điểm đã xác nhận lên dịch vụ bản đồ; mặc định chỉ chạy thử.</source><translation>Gửi các điểm đã xác nhận của phiên rà soát lên dịch vụ bản đồ (WFS-T hoặc OGC API - Features) theo cấu hình; chạy thử (mặc định) chỉ đếm số điểm mới, thay đổi, không đổi hoặc cần xóa. Dữ liệu cá nhân của chủ sở hữu chỉ được gửi khi được chỉ định. Mật khẩu/khóa lấy từ cơ sở dữ liệu xác thực của QGIS.</translation></message>
    <message><source>Sent {sent}, verified {verified}, deleted {deleted}.</source><translation>Đã gửi {sent}, đã kiểm tra {verified}, đã xóa {deleted}.</translation></message>
    <message><source>The authentication configuration {} could not be read; check the QGIS master password.</source><translation>Không đọc được cấu hình xác thực {}; hãy kiểm tra mật khẩu chủ của QGIS.</translation></message>
    <message><source>Use a Basic authentication configuration for publishing (user 'bearer' for a token).</source><translation>Hãy dùng cấu hình xác thực Basic để công bố (người dùng 'bearer' cho mã token).</translation></message>
    <message><source>Choose where to write the repaired copy.</source><translation>Hãy chọn nơi ghi bản sao đã sửa.</translation></message>
    <message><source>Convert TCVN3, VNI and mojibake text of a layer to Unicode, with a preview</source><translation>Chuyển văn bản TCVN3, VNI và lỗi mã hóa của một lớp sang Unicode, có xem trước</translation></message>
    <message><source>Nothing to repair.</source><translation>Không có gì cần sửa.</translation></message>
    <message><source>Repair legacy Vietnamese text…</source><translation>Sửa văn bản tiếng Việt mã cũ…</translation></message>
    <message><source>{} value(s) repaired: {}</source><translation>Đã sửa {} giá trị: {}</translation></message>
    <message><source>{} value(s) to repair ({})</source><translation>Có {} giá trị cần sửa ({})</translation></message>
    <message><source>Area: minlon,minlat,maxlon,maxlat or a commune layer file</source><translation>Vùng: kinh độ nhỏ nhất, vĩ độ nhỏ nhất, kinh độ lớn nhất, vĩ độ lớn nhất, hoặc tệp lớp ranh giới xã</translation></message>
    <message><source>Build reference data</source><translation>Tạo dữ liệu tham chiếu</translation></message>
    <message><source>Build reference data…</source><translation>Tạo dữ liệu tham chiếu…</translation></message>
    <message><source>Builds one reference GeoPackage (buildings, entrances, roads, water, communes) for an area from an OpenStreetMap extract, Google Open Buildings CSV and Microsoft building footprints, clipped with a margin; overlapping footprints from several sources are merged into one.

Tạo tệp dữ liệu tham chiếu (công trình, lối vào, đường, mặt nước, xã) cho một vùng từ OpenStreetMap và dữ liệu công trình mở.</source><translation>Tạo một tệp GeoPackage tham chiếu (công trình, lối vào, đường, mặt nước, xã) cho một vùng từ dữ liệu OpenStreetMap, Google Open Buildings và khung công trình của Microsoft, cắt theo vùng có chừa lề; các khung công trình trùng nhau từ nhiều nguồn được gộp làm một.</translation></message>
    <message><source>Drop machine-learned footprints below this confidence</source><translation>Bỏ khung công trình do máy nhận dạng có độ tin cậy thấp hơn</translation></message>
    <message><source>Google Open Buildings (.csv, .csv.gz)</source><translation>Google Open Buildings (.csv, .csv.gz)</translation></message>
    <message><source>Microsoft building footprints (.geojsonl)</source><translation>Khung công trình của Microsoft (.geojsonl)</translation></message>
    <message><source>Of two overlapping footprints keep</source><translation>Giữa hai khung công trình trùng nhau, giữ</translation></message>
    <message><source>OpenStreetMap extract (.osm.pbf)</source><translation>Dữ liệu OpenStreetMap (.osm.pbf)</translation></message>
    <message><source>Reference GeoPackage</source><translation>Tệp GeoPackage tham chiếu</translation></message>
    <message><source>Reference data</source><translation>Dữ liệu tham chiếu</translation></message>
    <message><source>the OpenStreetMap one</source><translation>khung của OpenStreetMap</translation></message>
    <message><source>the more confident one</source><translation>khung có độ tin cậy cao hơn</translation></message>
    <message><source>Photo file not found: {}</source><translation>Không tìm thấy tệp ảnh: {}</translation></message>
    <message><source>Suggested location (green square): {:g} m away, {} % sure; S accepts it.</source><translation>Vị trí đề xuất (ô vuông xanh): cách {:g} m, tin cậy {} %; nhấn S để nhận.</translation></message>
    <message><source>Suggested location (green square): {} % sure; S accepts it.</source><translation>Vị trí đề xuất (ô vuông xanh): tin cậy {} %; nhấn S để nhận.</translation></message>
    <message><source>The photo could not be downloaded: {}</source><translation>Không tải được ảnh: {}</translation></message>
    <message><source>The photo file cannot be read as a picture: {}</source><translation>Không đọc được tệp ảnh (không phải ảnh): {}</translation></message>
    <message><source>Writing the field package</source><translation>Đang ghi gói kiểm tra thực địa</translation></message>
    <message><source>Field package written to {out}: {points} points, {size_mb} MB (imagery {imagery_mb} MB).</source><translation>Đã ghi gói kiểm tra thực địa vào {out}: {points} điểm, {size_mb} MB (ảnh nền {imagery_mb} MB).</translation></message>
    <message><source>Reading the visits from the field</source><translation>Đang đọc kết quả kiểm tra thực địa</translation></message>
    <message><source>{visits} visits recorded, {conflicts} new conflicts, {already} already imported.</source><translation>Đã ghi nhận {visits} lượt kiểm tra, {conflicts} xung đột mới, {already} lượt đã nhập trước đó.</translation></message>
    <message><source>Where to put the field package</source><translation>Nơi lưu gói kiểm tra thực địa</translation></message>
    <message><source>Send to field</source><translation>Gửi đi kiểm tra thực địa</translation></message>
    <message><source>Who goes to the field:</source><translation>Người đi kiểm tra thực địa:</translation></message>
    <message><source>The package back from the field</source><translation>Gói đã kiểm tra thực địa trả về</translation></message>
    <message><source>{} points were changed here since they were sent: their visits are kept as conflicts (table field_conflicts) for you to decide.</source><translation>{} điểm đã bị sửa tại đây sau khi gửi đi: kết quả thực địa của chúng được giữ lại là xung đột (bảng field_conflicts) để anh/chị quyết định.</translation></message>
    <message><source>Send points to the field (QField package)</source><translation>Gửi điểm đi kiểm tra thực địa (gói QField)</translation></message>
    <message><source>Commune code (empty: all)</source><translation>Mã xã (để trống: tất cả)</translation></message>
    <message><source>Who goes to the field</source><translation>Người đi kiểm tra thực địa</translation></message>
    <message><source>Imagery to cut to the area (MBTiles, GeoTIFF...)</source><translation>Ảnh nền cắt theo khu vực (MBTiles, GeoTIFF...)</translation></message>
    <message><source>Include the owner's name, phone and email</source><translation>Kèm tên, điện thoại và thư điện tử của chủ sở hữu</translation></message>
    <message><source>Package folder (new)</source><translation>Thư mục gói (mới)</translation></message>
    <message><source>Points sent</source><translation>Số điểm đã gửi</translation></message>
    <message><source>Size (MB)</source><translation>Dung lượng (MB)</translation></message>
    <message><source>Imagery (MB)</source><translation>Ảnh nền (MB)</translation></message>
    <message><source>Field packages</source><translation>Gói kiểm tra thực địa</translation></message>
    <message><source>{points} points, {photos} photos, imagery {imagery_mb} MB, {size_mb} MB in all.</source><translation>{points} điểm, {photos} ảnh, ảnh nền {imagery_mb} MB, tổng {size_mb} MB.</translation></message>
    <message><source>Receive visits from the field</source><translation>Nhận kết quả kiểm tra thực địa</translation></message>
    <message><source>Package folder back from the field</source><translation>Thư mục gói trả về từ thực địa</translation></message>
    <message><source>Visits recorded</source><translation>Lượt kiểm tra đã ghi nhận</translation></message>
    <message><source>New conflicts</source><translation>Xung đột mới</translation></message>
    <message><source>Already imported</source><translation>Đã nhập trước đó</translation></message>
    <message><source>Writes the points marked 'needs a field check' (of one commune, if given) into a folder QField opens as is: the project with a phone form (found / not found / moved / closed, corrected name, house number, category, note, new photo), the reference buildings and roads, and the imagery cut to the area. The owner's name, phone and email are left out unless asked for. Bring the visits back with 'Receive visits from the field'.

Xuất các điểm cần kiểm tra thực địa thành thư mục mở được bằng QField.</source><translation>Ghi các điểm được đánh dấu 'cần kiểm tra thực địa' (của một xã, nếu chọn) vào một thư mục mở được ngay bằng QField: dự án với biểu mẫu cho điện thoại (tìm thấy / không tìm thấy / ở chỗ khác / đã đóng cửa, tên đúng, số nhà, loại, ghi chú, ảnh mới), công trình và đường tham chiếu, ảnh nền cắt theo khu vực. Tên, điện thoại và thư điện tử của chủ sở hữu chỉ được kèm khi yêu cầu. Nhận kết quả về bằng 'Nhận kết quả kiểm tra thực địa'.

Xuất các điểm cần kiểm tra thực địa thành thư mục mở được bằng QField.</translation></message>
    <message><source>Reads a field package that came back from QField and records each visit in the session it was sent from, as one audited action: found points go to the checker as corrected or approved, points not found are rejected. A point changed in the session since it was sent is kept as a conflict for an officer. Importing the same package again changes nothing.

Nhập kết quả kiểm tra thực địa từ QField vào phiên rà soát.</source><translation>Đọc gói kiểm tra thực địa trả về từ QField và ghi mỗi lượt kiểm tra vào phiên đã gửi đi, thành một thao tác có nhật ký: điểm tìm thấy chuyển cho người kiểm duyệt là đã sửa hoặc đã duyệt, điểm không tìm thấy bị loại. Điểm đã bị sửa trong phiên sau khi gửi đi được giữ lại là xung đột cho cán bộ. Nhập lại cùng một gói không thay đổi gì.

Nhập kết quả kiểm tra thực địa từ QField vào phiên rà soát.</translation></message>
    <message><source>Edit attributes: correct the name, house number, address, category or code</source><translation>Sửa thuộc tính: sửa tên, số nhà, địa chỉ, loại hoặc mã</translation></message>
    <message><source>(empty)</source><translation>(trống)</translation></message>
    <message><source>Address points (digital code, name, address)</source><translation>Điểm địa chỉ (mã địa chỉ số, tên, địa chỉ)</translation></message>
    <message><source>That point is no longer on the map.</source><translation>Điểm này không còn trên bản đồ.</translation></message>
    <message><source>That point&apos;s coordinates cannot be shown on this map.</source><translation>Không thể hiển thị tọa độ của điểm này trên bản đồ hiện tại.</translation></message>
    <!-- the search bar indexes in the background -->
    <message><source>Indexing “{}” for the search bar</source><translation>Đang lập chỉ mục “{}” cho thanh tìm kiếm</translation></message>
    <message><source>Indexing address points… results appear when it is done</source><translation>Đang lập chỉ mục điểm địa chỉ… kết quả sẽ hiện khi xong</translation></message>
    <!-- issue 23: Vietnamese throughout (history, publish dialog, field titles) -->
    <message><source>An earlier run stopped before it finished; publishing now resumes it.</source><translation>Một lần chạy trước đã dừng giữa chừng; công bố bây giờ sẽ làm tiếp lần đó.</translation></message>
    <message><source>Column in the data: {}</source><translation>Cột trong dữ liệu: {}</translation></message>
    <message><source>Connecting to the service…</source><translation>Đang kết nối tới dịch vụ…</translation></message>
    <message><source>Dry run finished: {sent} would be sent ({new} new, {changed} changed), {unchanged} unchanged, {delete} to delete. Nothing was sent yet.</source><translation>Đã chạy thử xong: sẽ gửi {sent} điểm ({new} mới, {changed} thay đổi), {unchanged} không đổi, {delete} cần xóa. Chưa gửi gì cả.</translation></message>
    <message><source>OK</source><translation>Đồng ý</translation></message>
    <message><source>House number</source><translation>Số nhà</translation></message>
    <message><source>Cancel</source><translation>Hủy</translation></message>
    <message><source>Yes</source><translation>Có</translation></message>
    <message><source>No</source><translation>Không</translation></message>
    <message><source>Owner&apos;s email</source><translation>Email chủ hộ</translation></message>
    <message><source>Owner&apos;s name</source><translation>Tên chủ hộ</translation></message>
    <message><source>Owner&apos;s phone</source><translation>Số điện thoại chủ hộ</translation></message>
    <message><source>Photo</source><translation>Ảnh</translation></message>
    <message><source>Sent as the field {}</source><translation>Gửi đi trong trường {}</translation></message>
    <message><source>The service does not answer ({problem}); retrying {attempt}/{attempts} in {seconds} s…</source><translation>Dịch vụ không trả lời ({problem}); thử lại lần {attempt}/{attempts} sau {seconds} giây…</translation></message>
    <message><source>approved</source><translation>đã duyệt</translation></message>
    <message><source>attributes corrected</source><translation>đã sửa thuộc tính</translation></message>
    <message><source>confirmed</source><translation>đã xác nhận</translation></message>
    <message><source>duplicates merged</source><translation>đã gộp trùng lặp</translation></message>
    <message><source>field visit</source><translation>kiểm tra thực địa</translation></message>
    <message><source>finding dismissed</source><translation>đã bỏ qua kết quả kiểm tra</translation></message>
    <message><source>moved</source><translation>đã dời vị trí</translation></message>
    <message><source>moved to the suggestion</source><translation>đã dời về vị trí đề xuất</translation></message>
    <message><source>rejected</source><translation>đã loại</translation></message>
    <message><source>returned for review</source><translation>đã trả lại để duyệt lại</translation></message>
    <message><source>sent for a field check</source><translation>chuyển đi kiểm tra thực địa</translation></message>
    <message><source>undo</source><translation>hoàn tác</translation></message>
    <!-- Processing: validation on a Dask cluster (processing/dask_option.py) -->
    <message><source>Run on</source><translation>Chạy trên</translation></message>
    <message><source>This computer, one process</source><translation>Máy này, một tiến trình</translation></message>
    <message><source>A Dask cluster (give its scheduler)</source><translation>Cụm máy Dask (nhập địa chỉ bộ điều phối)</translation></message>
    <message><source>Dask scheduler address (tcp://HOST:8786)</source><translation>Địa chỉ bộ điều phối Dask (tcp://HOST:8786)</translation></message>
    <message><source>Running on a Dask cluster needs the address of its scheduler (tcp://HOST:8786): start one with &apos;dask scheduler&apos; and its workers with &apos;dask worker tcp://HOST:8786&apos;.</source><translation>Chạy trên cụm máy Dask cần địa chỉ bộ điều phối của cụm (tcp://HOST:8786): khởi động bộ điều phối bằng &apos;dask scheduler&apos; và các máy thực thi bằng &apos;dask worker tcp://HOST:8786&apos;.</translation></message>
    <message><source>Running on a Dask cluster needs these Python packages in QGIS and on every worker: {}. Install them (pip install &apos;diachi-geo[dask]&apos;) and restart QGIS.</source><translation>Chạy trên cụm máy Dask cần các gói Python sau trong QGIS và trên mọi máy thực thi: {}. Hãy cài đặt (pip install &apos;diachi-geo[dask]&apos;) rồi khởi động lại QGIS.</translation></message>
    <message><source>Part {} of {}: {}</source><translation>Phần {} / {}: {}</translation></message>
</context>
<context>
    <name>BasemapMenu</name>
    <message><source>Add satellite imagery under the points</source><translation>Thêm ảnh vệ tinh bên dưới các điểm</translation></message>
    <message><source>Satellite</source><translation>Ảnh vệ tinh</translation></message>
</context>
<context>
    <name>NewSessionDialog</name>
    <message><source>New review session</source><translation>Phiên rà soát mới</translation></message>
    <message><source>Collected points</source><translation>Điểm thu thập</translation></message>
    <message><source>Session file</source><translation>Tệp phiên rà soát</translation></message>
</context>
<context>
    <name>PublishDialog</name>
    <message><source>Publish confirmed points</source><translation>Công bố các điểm đã xác nhận</translation></message>
    <message><source>Review session</source><translation>Phiên rà soát</translation></message>
    <message><source>Publish profiles (TOML)</source><translation>Cấu hình công bố (TOML)</translation></message>
    <message><source>Profile name</source><translation>Tên cấu hình</translation></message>
    <message><source>Authentication</source><translation>Xác thực</translation></message>
    <message><source>Personal fields to send (none by default)</source><translation>Trường dữ liệu cá nhân được gửi (mặc định: không)</translation></message>
    <message><source>Include points not yet confirmed</source><translation>Gồm cả điểm chưa được xác nhận</translation></message>
    <message><source>Delete what is no longer confirmed</source><translation>Xóa những điểm không còn được xác nhận</translation></message>
    <message><source>Dry run</source><translation>Chạy thử</translation></message>
    <message><source>Publish</source><translation>Công bố</translation></message>
    <message><source>Cancel</source><translation>Hủy</translation></message>
</context>
<context>
    <name>RepairTextDialog</name>
    <message><source>Repair legacy Vietnamese text</source><translation>Sửa văn bản tiếng Việt mã cũ</translation></message>
    <message><source>Layer</source><translation>Lớp</translation></message>
    <message><source>Feature</source><translation>Đối tượng</translation></message>
    <message><source>Field</source><translation>Trường</translation></message>
    <message><source>Before</source><translation>Trước</translation></message>
    <message><source>After</source><translation>Sau</translation></message>
    <message><source>Encoding</source><translation>Bảng mã</translation></message>
    <message><source>Repaired copy</source><translation>Bản sao đã sửa</translation></message>
    <message><source>Write the repaired copy and add it</source><translation>Ghi bản sao đã sửa và thêm vào bản đồ</translation></message>
</context>
<context>
    <name>ReviewDock</name>
    <message><source>Write the points that need a field check into a folder QField opens</source><translation>Ghi các điểm cần kiểm tra thực địa vào một thư mục mở được bằng QField</translation></message>
    <message><source>Send to field…</source><translation>Gửi đi thực địa…</translation></message>
    <message><source>Record the visits of a package that came back from QField</source><translation>Ghi nhận kết quả của gói trả về từ QField</translation></message>
    <message><source>Receive from field…</source><translation>Nhận từ thực địa…</translation></message>
    <message><source>Review (Địa chỉ / Diachi)</source><translation>Rà soát (Địa chỉ / Diachi)</translation></message>
    <message><source>No session open</source><translation>Chưa mở phiên rà soát</translation></message>
    <message><source>New…</source><translation>Tạo mới…</translation></message>
    <message><source>Open…</source><translation>Mở…</translation></message>
    <message><source>Re-validate</source><translation>Kiểm tra lại</translation></message>
    <message><source>Worklist</source><translation>Danh sách rà soát</translation></message>
    <message><source>Commune</source><translation>Xã/phường</translation></message>
    <message><source>Check</source><translation>Kiểm tra</translation></message>
    <message><source>Severity</source><translation>Mức độ</translation></message>
    <message><source>Collector</source><translation>Người thu thập</translation></message>
    <message><source>Status</source><translation>Trạng thái</translation></message>
    <message><source>Only points with open findings</source><translation>Chỉ các điểm còn kết quả chưa xử lý</translation></message>
    <message><source>Point</source><translation>Điểm</translation></message>
    <message><source>Duplicate group</source><translation>Nhóm trùng lặp</translation></message>
    <message><source>History</source><translation>Lịch sử</translation></message>
    <message><source>Previous</source><translation>Trước</translation></message>
    <message><source>Next</source><translation>Tiếp</translation></message>
    <message><source>Zoom</source><translation>Phóng to</translation></message>
    <message><source>Approve</source><translation>Duyệt</translation></message>
    <message><source>Accept suggestion</source><translation>Nhận đề xuất</translation></message>
    <message><source>Move</source><translation>Di chuyển</translation></message>
    <message><source>Reject</source><translation>Loại bỏ</translation></message>
    <message><source>Field check</source><translation>Kiểm tra thực địa</translation></message>
    <message><source>Dismiss finding</source><translation>Bỏ qua kết quả</translation></message>
    <message><source>Undo</source><translation>Hoàn tác</translation></message>
    <message><source>Confirm</source><translation>Xác nhận</translation></message>
    <message><source>Return</source><translation>Trả lại</translation></message>
    <message><source>Your name in the review history; click to change it</source><translation>Tên của bạn trong lịch sử rà soát; nhấn để đổi</translation></message>
    <message><source>New review session…</source><translation>Tạo phiên rà soát mới…</translation></message>
    <message><source>Open a review session…</source><translation>Mở phiên rà soát…</translation></message>
    <message><source>Re-validate: run the checks again on the corrected points</source><translation>Kiểm tra lại: chạy lại các kiểm tra trên các điểm đã sửa</translation></message>
    <message><source>Send to field: write the points that need a field check into a folder QField opens</source><translation>Gửi đi thực địa: ghi các điểm cần kiểm tra thực địa vào một thư mục mở được bằng QField</translation></message>
    <message><source>Receive from field: record the visits of a package that came back from QField</source><translation>Nhận từ thực địa: ghi nhận kết quả của gói trả về từ QField</translation></message>
</context>
<context>
    <name>GroupPanel</name>
    <message><source>Choose the record to keep; the others are rejected as its duplicates.</source><translation>Chọn bản ghi cần giữ; các bản ghi khác bị loại bỏ vì trùng với nó.</translation></message>
    <message><source>Copy missing fields (code, address, photo) to the kept record</source><translation>Chép các trường còn thiếu (mã, địa chỉ, ảnh) sang bản ghi được giữ</translation></message>
    <message><source>Keep selected, merge the others</source><translation>Giữ bản ghi đã chọn, gộp các bản ghi khác</translation></message>
</context>
<context>
    <name>HistoryPanel</name>
    <message><source>Every change to this point, oldest first: who, when, and the status before and after</source><translation>Mọi thay đổi của điểm này, cũ nhất trước: ai, khi nào, trạng thái trước và sau</translation></message>
</context>
<context>
    <name>diachi</name>
    <!-- issue 23: the review dock's layout, paths and smaller items -->
    <message><source>Choose the file of the layer “{}”; the session remembers it</source><translation>Chọn tệp của lớp “{}”; phiên rà soát sẽ ghi nhớ vị trí này</translation></message>
    <message><source>Keep point {} and reject the {} other points of the group as its duplicates? (Ctrl+Z undoes it.)</source><translation>Giữ điểm {} và loại bỏ {} điểm còn lại của nhóm vì trùng với nó? (Ctrl+Z để hoàn tác.)</translation></message>
    <message><source>Merge the duplicates</source><translation>Gộp các điểm trùng lặp</translation></message>
    <message><source>No photo: the file is not there (see the tooltip)</source><translation>Không có ảnh: không tìm thấy tệp ảnh (xem chú thích khi rê chuột)</translation></message>
    <message><source>The name recorded in the review history (empty: the computer login):</source><translation>Tên được ghi vào lịch sử rà soát (để trống: tên đăng nhập máy tính):</translation></message>
    <message><source>The tiles of “{}” cannot be reached ({}): the map stays blank. Without internet, choose an offline imagery file (GeoTIFF, MBTiles).</source><translation>Không tải được ảnh vệ tinh “{}” ({}): bản đồ sẽ trống. Khi không có internet, hãy chọn tệp ảnh vệ tinh ngoại tuyến (GeoTIFF, MBTiles).</translation></message>
    <message><source>Vector data (*.gpkg *.shp *.geojson *.fgb *.sqlite);;All files (*)</source><translation>Dữ liệu vector (*.gpkg *.shp *.geojson *.fgb *.sqlite);;Tất cả các tệp (*)</translation></message>
    <message><source>Where is the layer “{}”?</source><translation>Lớp “{}” đang ở đâu?</translation></message>
    <message><source>Your name</source><translation>Tên của bạn</translation></message>
    <message><source>{} not found: {}</source><translation>Không tìm thấy {}: {}</translation></message>
</context>
<context>
    <name>ReferencesPanel</name>
    <message><source>Choose the file where this layer is now; the session remembers it</source><translation>Chọn tệp hiện chứa lớp này; phiên rà soát sẽ ghi nhớ</translation></message>
    <message><source>Locate…</source><translation>Tìm tệp…</translation></message>
</context>
<context>
    <name>PhotoPanel</name>
    <message><source>No photo</source><translation>Không có ảnh</translation></message>
    <message><source>Open photo full size</source><translation>Mở ảnh kích thước đầy đủ</translation></message>
</context>
<context>
    <name>PointPanel</name>
    <message><source>Findings</source><translation>Kết quả kiểm tra</translation></message>
    <message><source>Findings of this point; select one and press D to dismiss it as a false positive</source><translation>Các kết quả của điểm này; chọn một kết quả và nhấn D để bỏ qua (báo sai)</translation></message>
</context>
<context>
    <name>EditPanel</name>
    <message><source>Edit attributes…</source><translation>Sửa thuộc tính…</translation></message>
    <message><source>Edit attributes</source><translation>Sửa thuộc tính</translation></message>
    <message><source>Saving records one audited correction with the old and new values; the point goes back to the checker as corrected.</source><translation>Khi lưu, lần sửa được ghi vào nhật ký với giá trị cũ và mới; điểm trở lại chờ người kiểm duyệt với trạng thái đã sửa.</translation></message>
    <message><source>Name</source><translation>Tên</translation></message>
    <message><source>House number</source><translation>Số nhà</translation></message>
    <message><source>Address</source><translation>Địa chỉ</translation></message>
    <message><source>Category</source><translation>Loại</translation></message>
    <message><source>One of the categories of this session&apos;s points</source><translation>Một trong các loại của các điểm trong phiên này</translation></message>
    <message><source>Digital address code</source><translation>Mã địa chỉ số</translation></message>
    <message><source>Reason</source><translation>Lý do</translation></message>
    <message><source>Why (required), e.g. the sign at the gate reads so</source><translation>Lý do sửa (bắt buộc), ví dụ: biển ở cổng ghi như vậy</translation></message>
    <message><source>This session is open read-only: a correction cannot be saved.</source><translation>Phiên này đang mở ở chế độ chỉ đọc: không lưu được nội dung sửa.</translation></message>
    <message><source>Close the form without saving (Esc)</source><translation>Đóng biểu mẫu, không lưu (Esc)</translation></message>
    <message><source>Cancel</source><translation>Hủy</translation></message>
    <message><source>Record the correction as one audited change (Enter)</source><translation>Ghi nội dung sửa thành một thay đổi có nhật ký (Enter)</translation></message>
    <message><source>Save</source><translation>Lưu</translation></message>
</context>
</TS>
