"""Texts of the errors about a person's data and options, in Vietnamese and English.

Reading points and reference layers, mapping fields, config files and options, coordinate
reference systems, and writing outputs and reports. ``{at}`` is where the problem is (file,
layer, feature, field), in the text's language; a list param reads ``a, b``. The English
text is what ``str(error)`` says. Merged into :data:`diachi_geo.message_codes.ERRORS`.
"""
from __future__ import annotations

__all__ = ["DATA_ERRORS"]

DATA_ERRORS: dict[str, tuple[str, str]] = {
    # -- check parameters and config files ----------------------------------------------
    "param_negative": ("Tham số {name} phải là số >= 0, không phải {value!r}.",
                       "parameter {name} must be a number >= 0, not {value!r}"),
    "param_unknown": ("Không có tham số {name!r}; các tham số có: {known}.",
                      "unknown parameter {name!r}; known: {known}"),
    "param_not_number": ("Tham số {name} phải là một số, không phải {value!r}.",
                         "parameter {name} must be a number, not {value!r}"),
    "duplicate_param_negative": (
        "Tham số tìm điểm trùng {name} phải là số >= 0, không phải {value!r}.",
        "duplicate parameter {name} must be a number >= 0, not {value!r}"),
    "duplicate_param_range": (
        "Tham số tìm điểm trùng {name} phải lớn hơn 0 và nhỏ hơn 1, không phải {value!r}.",
        "duplicate parameter {name} must be between 0 and 1 (exclusive), not {value!r}"),
    "duplicate_em_counts": (
        "Các tham số tìm điểm trùng em_iterations và em_sample phải ít nhất là 1.",
        "duplicate parameters em_iterations and em_sample must be at least 1"),
    "config_missing": ("Không tìm thấy tệp cấu hình {path}; hãy kiểm tra đường dẫn.",
                       "config file {path} not found; check the path"),
    "config_not_toml": ("Tệp cấu hình {path} không phải TOML hợp lệ (thông báo gốc bằng tiếng Anh "
                        "của trình đọc TOML: {problem}).",
                        "config file {path} is not valid TOML: {problem}"),
    "config_sections": ("Tệp cấu hình {path}: không có mục {names}; các mục có: {known}.",
                        "config file {path}: unknown section(s) {names}; known: {known}"),
    "config_duplicate_unknown": (
        "Tệp cấu hình {path}: không có tham số tìm điểm trùng {name!r}; các tham số có: "
        "{known}.",
        "config file {path}: unknown duplicate parameter {name!r}; known: {known}"),
    "config_duplicate_whole": (
        "Tệp cấu hình {path}: tham số tìm điểm trùng {name} phải là số nguyên, không phải "
        "{value!r}.",
        "config file {path}: duplicate parameter {name} must be a whole number, not "
        "{value!r}"),
    "config_duplicate_number": (
        "Tệp cấu hình {path}: tham số tìm điểm trùng {name} phải là một số, không phải "
        "{value!r}.",
        "config file {path}: duplicate parameter {name} must be a number, not {value!r}"),
    "config_invalid": ("Tệp cấu hình {path}: {cause}", "config file {path}: {cause}"),
    "profiles_missing": ("{path}: không đọc được các cấu hình công bố (tệp không tồn tại).",
                         "{path}: cannot read the publish profiles (No such file or "
                         "directory)"),
    "unknown_checks": ("Không có phép kiểm tra {names}; các phép kiểm tra có: {known}.",
                       "unknown check(s) {names}; known: {known}"),
    # -- coordinate reference systems -------------------------------------------------
    "crs_unknown": (
        "{value!r} không phải hệ tọa độ mà pyproj biết; hãy nhập mã EPSG, ví dụ EPSG:4326 "
        "hoặc EPSG:9210.",
        "{value!r} is not a coordinate reference system pyproj knows; give an EPSG code "
        "such as EPSG:4326 or EPSG:9210"),
    "vn2000_needs_meridian": (
        "prefer='vn2000' cần kinh tuyến trục TM-3 của tỉnh (central_meridian), ví dụ 105.0 "
        "cho Thanh Hóa hoặc 105.75 cho TP. Hồ Chí Minh.",
        "prefer='vn2000' needs the province's TM-3 central_meridian, e.g. 105.0 for Thanh "
        "Hóa or 105.75 for Hồ Chí Minh City"),
    "metric_crs_unknown": ("Không có lựa chọn hệ tọa độ mét {prefer!r}; hãy dùng 'utm' hoặc "
                           "'vn2000'.",
                           "metric CRS preference {prefer!r} is unknown; use 'utm' or "
                           "'vn2000'"),
    "proj_no_shift": (
        "PROJ không có phép chuyển đổi '{operation}'; hãy cập nhật cơ sở dữ liệu của PROJ "
        "(proj.db) lên phiên bản 7 trở lên.",
        "PROJ has no '{operation}' operation; update PROJ's database (proj.db) to version 7 "
        "or newer"),
    # -- opening files and layers -------------------------------------------------------
    "source_option": ("{at}không hiểu tùy chọn nguồn {option!r}. Cách sửa: dùng ĐƯỜNG_DẪN "
                      "hoặc ĐƯỜNG_DẪN|layername=TÊN_LỚP.",
                      "{at}unknown source option {option!r}. Fix: use PATH or "
                      "PATH|layername=NAME"),
    "file_not_found": ("{at}không tìm thấy tệp. Cách sửa: kiểm tra đường dẫn và tên tệp.",
                       "{at}file not found. Fix: check the path and the spelling"),
    "download_not_found": ("{at}không tìm thấy tệp. Cách sửa: kiểm tra đường dẫn.",
                           "{at}file not found. Fix: check the path"),
    "file_unreadable": ("{at}không có quyền đọc tệp. Cách sửa: kiểm tra quyền truy cập tệp.",
                        "{at}file is not readable. Fix: check the file permissions"),
    "not_a_vector_file": (
        "{at}không mở được như một tệp dữ liệu vector (thông báo gốc bằng tiếng Anh của "
        "GDAL: {problem}). Cách sửa: kiểm tra đây là tệp GeoPackage, GeoJSON, Shapefile "
        "hoặc CSV và tệp không bị hỏng.",
        "{at}cannot be opened as a vector file ({problem}). Fix: check that it is a "
        "GeoPackage, GeoJSON, Shapefile or CSV and that it is not damaged"),
    "layer_not_named": (
        "{at}tệp có {count} lớp ({layers}) mà chưa chọn lớp nào. Cách sửa: ghi tên một lớp, "
        "ví dụ \"{example}\".",
        "{at}has {count} layers ({layers}) and none was named. Fix: name one, e.g. "
        "\"{example}\""),
    "no_such_layer": ("{at}không có lớp tên {name!r}. Cách sửa: chọn một trong các lớp: "
                      "{layers}.",
                      "{at}has no layer named {name!r}. Fix: choose one of: {layers}"),
    "layer_unreadable": ("{at}không đọc được lớp (thông báo gốc bằng tiếng Anh của GDAL: "
                         "{problem}). Cách sửa: mở lớp trong QGIS để kiểm tra, hoặc xuất "
                         "lại.",
                         "{at}cannot be read ({problem}). Fix: open it in QGIS to check it, "
                         "or export it again"),
    "table_empty": ("{at}bảng trống. Cách sửa: xuất lại bảng với một dòng tiêu đề và mỗi "
                    "điểm một dòng.",
                    "{at}is empty. Fix: export the table again with a header row and one "
                    "row per point"),
    "not_a_spreadsheet": ("{at}không đọc được như một bảng tính (thông báo gốc bằng tiếng "
                          "Anh của GDAL: {problem}). Cách sửa: lưu lại dạng .xlsx hoặc "
                          "xuất ra CSV (UTF-8).",
                          "{at}cannot be read as a spreadsheet ({problem}). Fix: save it "
                          "again as .xlsx or export it as CSV (UTF-8)"),
    "no_lonlat_columns": (
        "{at}không có cột kinh độ/vĩ độ. Cách sửa: đặt tên cột là một trong {lon_names} và "
        "một trong {lat_names} (các cột hiện có: {columns}).",
        "{at}has no longitude/latitude columns. Fix: name them one of {lon_names} and "
        "{lat_names} (columns here: {columns})"),
    # -- points ---------------------------------------------------------------------------
    "points_read_parts_gpkg": (
        "--points-read parts đọc điểm theo mã đối tượng, chỉ từ GeoPackage; {source} không "
        "phải GeoPackage. Cách sửa: chuyển điểm sang .gpkg, hoặc bỏ --points-read parts.",
        "--points-read parts reads the points by feature id, from a GeoPackage only; "
        "{source} is not one. Fix: convert the points to .gpkg, or leave out --points-read "
        "parts"),
    "points_read_parts_no_fid": (
        "--points-read parts đọc điểm theo mã đối tượng (FID), nhưng lớp {source} không có "
        "cột mã đối tượng (một view không có cột khóa số nguyên, hoặc một bảng không có "
        "INTEGER PRIMARY KEY). Cách sửa: xuất lại lớp thành GeoPackage (lớp mới có cột "
        "fid), hoặc bỏ --points-read parts.",
        "--points-read parts reads the points by feature id (FID), but layer {source} has "
        "no feature id column (a view without an integer key column, or a table without "
        "an INTEGER PRIMARY KEY). Fix: export the layer again as a GeoPackage (it gets a "
        "fid column), or leave out --points-read parts."),
    "points_changed": (
        "{at}đã đổi trong khi kiểm tra theo phần: một phần không còn tìm thấy các điểm của "
        "nó. Cách sửa: không sửa tệp điểm khi đang chạy; chạy lại với thư mục --parts mới.",
        "{at}changed during the run in parts: a part no longer finds its points. Fix: "
        "leave the points file alone while the run goes on; run again with a new --parts "
        "folder"),
    "points_no_geometry": (
        "{at}lớp không có cột hình học. Cách sửa: xuất lớp kèm hình học điểm, hoặc dùng tệp "
        "CSV có cột kinh độ/vĩ độ.",
        "{at}has no geometry column. Fix: export the layer with its point geometry, or use "
        "a CSV with longitude/latitude columns"),
    "no_features": (
        "{at}lớp không có đối tượng nào: không có gì để kiểm tra. Cách sửa: kiểm tra tên "
        "lớp, bộ lọc, hoặc tệp xuất từ ứng dụng thu thập.",
        "{at}has no features: there is nothing to check. Fix: check the layer name, any "
        "filter, or the export from the collection app"),
    "ids_blank": (
        "{at}{count} đối tượng không có mã (đối tượng {fids}{more}). Cách sửa: cho mỗi điểm "
        "một mã riêng, hoặc chọn trường mã khác bằng --field id=TRƯỜNG_CỦA_BẠN.",
        "{at}{count} feature(s) have no id (feature ids {fids}{more}). Fix: give every point "
        "a unique id, or map another id field with --field id=YOUR_FIELD"),
    "ids_repeated": (
        "{at}{count} giá trị mã được dùng cho nhiều đối tượng ({values}{more}). Cách sửa: "
        "làm cho các mã không trùng nhau, hoặc chọn một trường không trùng bằng --field "
        "id=TRƯỜNG_CỦA_BẠN.",
        "{at}{count} id value(s) are used by more than one feature ({values}{more}). Fix: "
        "make the ids unique, or map a unique field with --field id=YOUR_FIELD"),
    "degrees_are_metres": (
        "{at}lớp khai báo {crs} (đơn vị độ) nhưng tọa độ lại tính bằng mét. Cách sửa: nhập "
        "đúng hệ tọa độ bằng --crs (ví dụ EPSG:32648 cho UTM 48N), hoặc sửa tệp .prj.",
        "{at}declares {crs} (degrees) but its coordinates are metres. Fix: give the real CRS "
        "with --crs (e.g. EPSG:32648 for UTM 48N), or fix the file's .prj"),
    "no_crs_swapped": (
        "{at}lớp không khai báo hệ tọa độ, và tọa độ của cả lớp là độ với vĩ độ và kinh độ "
        "bị đổi chỗ: hãy đổi chỗ cột X và Y (hoặc cột kinh độ/vĩ độ) rồi khai báo EPSG:4326. "
        "Cách sửa: nhập hệ tọa độ bằng --crs (ví dụ --crs EPSG:32648 cho UTM 48N), nhập "
        "--communes để ranh giới xã/phường quyết định, hoặc lưu tệp kèm hệ tọa độ (.prj).",
        "{at}declares no coordinate reference system, and the coordinates are degrees with "
        "latitude and longitude swapped for the whole layer: swap the X and Y columns (or "
        "the lon/lat columns) and declare EPSG:4326. Fix: give the CRS with --crs (e.g. "
        "--crs EPSG:32648 for UTM 48N), give --communes so the communes can decide, or save "
        "the file with its CRS (.prj)"),
    "no_crs_not_vietnam": (
        "{at}lớp không khai báo hệ tọa độ, và tọa độ là độ nhưng không nằm ở Việt Nam. Cách "
        "sửa: nhập hệ tọa độ bằng --crs (ví dụ --crs EPSG:32648 cho UTM 48N), nhập "
        "--communes để ranh giới xã/phường quyết định, hoặc lưu tệp kèm hệ tọa độ (.prj).",
        "{at}declares no coordinate reference system, and the coordinates are degrees but "
        "not in Vietnam. Fix: give the CRS with --crs (e.g. --crs EPSG:32648 for UTM 48N), "
        "give --communes so the communes can decide, or save the file with its CRS (.prj)"),
    "no_crs_metres_none": (
        "{at}lớp không khai báo hệ tọa độ, và tọa độ là mét nhưng không hệ tọa độ thông "
        "dụng nào của Việt Nam đặt chúng vào Việt Nam. Cách sửa: nhập hệ tọa độ bằng --crs "
        "(ví dụ --crs EPSG:32648 cho UTM 48N), nhập --communes để ranh giới xã/phường quyết "
        "định, hoặc lưu tệp kèm hệ tọa độ (.prj).",
        "{at}declares no coordinate reference system, and the coordinates are metres but no "
        "usual Vietnamese CRS puts them in Vietnam. Fix: give the CRS with --crs (e.g. --crs "
        "EPSG:32648 for UTM 48N), give --communes so the communes can decide, or save the "
        "file with its CRS (.prj)"),
    "no_crs_metres_several": (
        "{at}lớp không khai báo hệ tọa độ, và tọa độ là mét nhưng nhiều hệ tọa độ cùng khớp: "
        "{fits}. Cách sửa: nhập hệ tọa độ bằng --crs (ví dụ --crs EPSG:32648 cho UTM 48N), "
        "nhập --communes để ranh giới xã/phường quyết định, hoặc lưu tệp kèm hệ tọa độ "
        "(.prj).",
        "{at}declares no coordinate reference system, and the coordinates are metres and "
        "several CRS fit: {fits}. Fix: give the CRS with --crs (e.g. --crs EPSG:32648 for "
        "UTM 48N), give --communes so the communes can decide, or save the file with its "
        "CRS (.prj)"),
    # -- field mapping ------------------------------------------------------------------
    "field_option_form": (
        "--field {option!r} không đúng dạng TÊN_CHUẨN=TRƯỜNG_CỦA_BẠN, ví dụ --field "
        "name=ten_dia_diem.",
        "--field {option!r} is not of the form CANONICAL=YOUR_FIELD, e.g. --field "
        "name=ten_dia_diem"),
    "unknown_canonical_fields": ("Không có trường chuẩn {names}; các trường chuẩn có: {known}.",
                                 "unknown canonical field(s) {names}; known: {known}"),
    "mapped_field_missing": (
        "{at}không có trường {wanted!r} được gán cho {canonical}. Cách sửa: chọn một trong "
        "các trường: {fields}.",
        "{at}the field {wanted!r} mapped to {canonical} does not exist. Fix: choose one of: "
        "{fields}"),
    "required_field_missing": (
        "{at}không tìm thấy trường cho '{canonical}' (đã tìm {looked}). Cách sửa: gán trường "
        "bằng --field {canonical}=TRƯỜNG_CỦA_BẠN (các trường hiện có: {fields}).",
        "{at}no field for '{canonical}' (looked for {looked}). Fix: map it with --field "
        "{canonical}=YOUR_FIELD (fields here: {fields})"),
    "optional_field_missing": (
        "{at}không tìm thấy trường cho '{canonical}' (đã tìm {looked}). Cách sửa: gán trường "
        "bằng --field {canonical}=TRƯỜNG_CỦA_BẠN (các trường hiện có: {fields}), hoặc "
        "--field {canonical}= nếu dữ liệu không có trường này.",
        "{at}no field for '{canonical}' (looked for {looked}). Fix: map it with --field "
        "{canonical}=YOUR_FIELD (fields here: {fields}), or --field {canonical}= if the data "
        "has none"),
    # -- reference layers ---------------------------------------------------------------
    "reference_no_geometry": (
        "{at}lớp không có hình học nên không dùng làm {kind} được. Cách sửa: chọn một lớp có "
        "hình học.",
        "{at}has no geometry, so it cannot be used as {kind}. Fix: choose a layer with "
        "geometries"),
    "reference_no_crs": (
        "{at}lớp không khai báo hệ tọa độ. Cách sửa: đặt hệ tọa độ cho lớp trong QGIS rồi "
        "lưu lại.",
        "{at}declares no coordinate reference system. Fix: set the layer CRS in QGIS and "
        "save it again"),
    "communes_no_geometry": (
        "{at}lớp không có hình học. Cách sửa: nhập ranh giới xã/phường (vùng) bằng "
        "--communes.",
        "{at}has no geometry. Fix: give the commune boundaries (polygons) with --communes"),
    "communes_not_polygons": (
        "{at}không phải lớp vùng. Cách sửa: nhập ranh giới xã/phường (vùng) bằng --communes.",
        "{at}is not a polygon layer. Fix: give the commune boundaries (polygons) with "
        "--communes"),
    "commune_mapping_empty": ("{at}không có dòng old_code,new_code nào.",
                              "{at}has no old_code,new_code rows"),
    "not_osm_data": ("{at}không đọc được như dữ liệu OpenStreetMap (thông báo gốc bằng "
                     "tiếng Anh của GDAL: {problem}). Cách sửa: dùng tệp trích .osm.pbf "
                     "hoặc .osm (ví dụ từ Geofabrik).",
                     "{at}cannot be read as OpenStreetMap data ({problem}). Fix: give an "
                     ".osm.pbf or .osm extract (e.g. from Geofabrik)"),
    "not_open_buildings": (
        "{at}không phải tệp CSV Open Buildings: thiếu {missing}. Cách sửa: dùng tệp CSV như "
        "khi tải về (latitude, longitude, area_in_meters, confidence, geometry...).",
        "{at}is not an Open Buildings CSV: no {missing}. Fix: give the CSV as downloaded "
        "(latitude, longitude, area_in_meters, confidence, geometry...)"),
    "line_not_geojson": ("{at}dòng {line} không phải GeoJSON. Cách sửa: dùng tệp .geojsonl "
                         "như khi tải về.",
                         "{at}line {line} is not GeoJSON. Fix: give the .geojsonl file as "
                         "downloaded"),
    "area_box": ("--area {text}: hãy nhập minlon,minlat,maxlon,maxlat (tây, nam, đông, bắc).",
                 "--area {text}: give minlon,minlat,maxlon,maxlat"),
    "area_communes_missing": ("{at}không có xã/phường nào trong số {codes}.",
                              "{at}has none of the communes {codes}"),
    "merge_prefer": ("prefer phải là osm hoặc confidence, không phải {prefer!r}.",
                     "prefer must be osm or confidence, not {prefer!r}"),
    # -- writing outputs and reports --------------------------------------------------
    "output_is_input": (
        "Tệp kết quả {path} cũng là tệp đầu vào; diachi-geo không bao giờ ghi đè tệp đầu "
        "vào. Hãy chọn tên tệp kết quả khác.",
        "the output {path} is also an input; diachi-geo never overwrites its inputs. Choose "
        "another output file name"),
    "output_folder_missing": ("Thư mục {folder} không tồn tại; hãy tạo nó trước.",
                              "the folder {folder} does not exist; create it first"),
    "output_folder_locked": ("Không ghi được vào thư mục {folder}; hãy chọn nơi lưu khác.",
                             "the folder {folder} is not writable; choose another output"),
    "output_format": ("Không ghi được tệp dạng {suffix}; hãy dùng .gpkg, .geojson, .xlsx "
                      "hoặc .csv.",
                      "cannot write {suffix}; use .gpkg, .geojson, .xlsx or .csv"),
    "output_no_suffix": ("Không ghi được tệp không có phần mở rộng; hãy dùng .gpkg, .geojson, "
                         ".xlsx hoặc .csv.",
                         "cannot write files without extension; use .gpkg, .geojson, .xlsx "
                         "or .csv"),
    "geojson_one_layer": ("GeoJSON chỉ chứa được một lớp; hãy dùng .gpkg để ghi nhiều lớp.",
                          "GeoJSON holds one layer; use .gpkg to write several"),
    "findings_format": ("Không ghi được kết quả kiểm tra dạng {suffix}; hãy dùng một trong "
                        "{formats}.",
                        "cannot write findings as {suffix}; use one of {formats}"),
    "findings_no_suffix": ("Không ghi được kết quả kiểm tra vào tệp không có phần mở rộng; "
                           "hãy dùng một trong {formats}.",
                           "cannot write findings as a file without extension; use one of "
                           "{formats}"),
    "report_format": ("Không ghi được báo cáo dạng {suffix}; hãy dùng .xlsx hoặc .csv.",
                      "cannot write a report as {suffix}; use .xlsx or .csv"),
    "report_no_suffix": ("Không ghi được báo cáo vào tệp không có phần mở rộng; hãy dùng "
                         ".xlsx hoặc .csv.",
                         "cannot write a report as a file without extension; use .xlsx or "
                         ".csv"),
    "quota_not_number": ("{at}dòng {row}: chỉ tiêu {quota!r} không phải là số. Cách sửa: ghi "
                         "số điểm (số nguyên) ở cột thứ hai.",
                         "{at}row {row}: the quota {quota!r} is not a number. Fix: write a "
                         "whole number of points in the second column"),
    "report_not_a_session": ("{at}không phải phiên kiểm duyệt diachi. Cách sửa: tạo phiên "
                             "bằng 'diachi-geo session create'.",
                             "{at}is not a diachi review session. Fix: create one with "
                             "'diachi-geo session create'"),
    "review_rows_mismatch": (
        "{at}phiên có điểm không có dòng kiểm duyệt (hoặc dòng kiểm duyệt không có điểm). "
        "Cách sửa: mở phiên một lần trong QGIS bằng bảng Rà soát, hoặc tạo lại phiên.",
        "{at}has points without a review row (or review rows without a point). Fix: open "
        "it in QGIS once with the Review dock, or create the session again"),
    "no_pdf_font": (
        "Không tìm thấy phông chữ có dấu tiếng Việt cho tệp PDF; hãy cài DejaVu Sans "
        "(Debian: apt install fonts-dejavu-core) hoặc đặt biến DIACHI_FONT là một tệp .ttf.",
        "no font with Vietnamese letters was found for the PDF; install DejaVu Sans "
        "(Debian: apt install fonts-dejavu-core) or set DIACHI_FONT to a .ttf file"),
    "report_communes_unknown": (
        "Phiên không có điểm nào ở xã/phường {codes}; các xã/phường của phiên: {known}.",
        "the session has no points in commune(s) {codes}; its communes are {known}"),
    "session_copy_short": ("Bản sao trong phiên có {copied} điểm, không phải {count}.",
                           "the session copy has {copied} points, not {count}"),
    # -- command-line options -----------------------------------------------------------
    "communes_grid": ("--communes {value!r} không đúng dạng CỘTxHÀNG, ví dụ 2x2.",
                      "--communes {value!r} is not COLSxROWS, e.g. 2x2"),
    "include_personal_only": (
        "--include chỉ nhận các trường thông tin cá nhân ({known}), không nhận {names}.",
        "--include takes personal fields only ({known}), not {names}"),
    "publish_needs_yes": ("Hãy thêm --yes để công bố từ một kịch bản (sau khi chạy "
                          "--dry-run).",
                          "add --yes to publish from a script (after a --dry-run)"),
    "snap_needs_buildings": ("diachi-geo snap cần --buildings (các khối nhà để gắn điểm vào).",
                             "diachi-geo snap needs --buildings (the footprints to snap to)"),
    "set_form": ("--set {item!r} không đúng dạng TRƯỜNG=GIÁ_TRỊ.",
                 "--set {item!r} is not FIELD=VALUE"),
    "session_no_point": ("{session} không có điểm nào có mã {point!r}.",
                         "{session} has no point with id {point!r}"),
    # -- validation in parts (--engine dask, diachi_geo.engine) ----------------------------
    "dask_missing": (
        "--engine dask cần bộ điều phối phân tán của Dask: pip install 'diachi-geo[dask]' "
        "(hoặc: pip install 'dask[distributed]' pyarrow), trên máy này và trên mọi máy "
        "thực thi.",
        "--engine dask needs Dask's distributed scheduler: pip install 'diachi-geo[dask]' "
        "(or: pip install 'dask[distributed]' pyarrow), on this machine and on every worker"),
    "dask_unreachable": (
        "Không kết nối được bộ điều phối Dask tại {scheduler} (thông báo gốc bằng tiếng Anh "
        "của Dask: {problem}); hãy khởi động bằng 'dask scheduler' và các máy thực thi "
        "bằng 'dask worker {scheduler}'.",
        "cannot reach the Dask scheduler at {scheduler} ({problem}); start it with 'dask "
        "scheduler' and its workers with 'dask worker {scheduler}'"),
    "dask_workers": ("--workers phải ít nhất là 1.", "--workers must be at least 1"),
    "parts_failed": (
        "{failed} trên {total} phần bị lỗi: {parts}. Các phần khác được giữ trong {folder}: "
        "chạy lại đúng lệnh đó để chỉ chạy các phần lỗi.",
        "{failed} of {total} part(s) failed: {parts}. The other parts are kept in {folder}: "
        "run the same command again to run only the failed ones"),
    "parts_of_another_run": (
        "Thư mục {folder} chứa các phần của một lần chạy khác (dữ liệu, kiểm tra hoặc cách "
        "chia khác); hãy xóa nó hoặc chọn thư mục khác để chạy lại từ đầu.",
        "the parts folder {folder} holds the parts of another run (other inputs, checks or "
        "tiles); delete it or choose another one to start afresh"),
}
