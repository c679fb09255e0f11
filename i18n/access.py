"""Interface texts of sign-in, roles, submitting figures, reporting status, history and explanation
requests: key → (Vietnamese, English)."""

MESSAGES = {
    # ---------------------------------------------------------------- roles
    "ac_role_leader": ("Lãnh đạo", "Leader"),
    "ac_role_staff": ("Chuyên viên Tổ công tác", "Working-group staff"),
    "ac_role_agency": ("Đơn vị (tỉnh, bộ)", "Agency (province, ministry)"),
    "ac_role_admin": ("Quản trị", "Administrator"),
    "ac_role_local": ("Người dùng cục bộ", "Local user"),
    # ---------------------------------------------------------------- refusals
    "ac_denied": ("Vai trò của bạn không được phép thực hiện thao tác này.",
                  "Your role does not allow this."),
    "ac_denied_submit": ("Vai trò của bạn không được nhập số liệu.", "Your role may not submit figures."),
    "ac_denied_ask": ("Chỉ lãnh đạo và chuyên viên được yêu cầu giải trình.",
                      "Only leaders and staff may ask for an explanation."),
    "ac_denied_answer": ("Chỉ người dùng của đơn vị {code} được trả lời yêu cầu này.",
                         "Only users of agency {code} may answer this request."),
    "ac_denied_close": ("Chỉ lãnh đạo và chuyên viên được đóng yêu cầu giải trình.",
                        "Only leaders and staff may close an explanation request."),
    "ac_foreign_row": ("số liệu của đơn vị khác — tài khoản của bạn chỉ được nộp số liệu của đơn vị {own}",
                       "figures of another agency — your account may submit only agency {own}'s figures"),
    # ---------------------------------------------------------------- user management errors
    "ac_err_email": ("'{email}' không phải địa chỉ thư điện tử hợp lệ.", "'{email}' is not a valid email address."),
    "ac_err_role": ("Vai trò '{role}' không tồn tại; chọn một trong: {roles}.",
                    "Unknown role '{role}'; choose one of: {roles}."),
    "ac_err_agency_needed": ("Người dùng vai trò đơn vị cần mã đơn vị (--agency).",
                             "An agency user needs an agency code (--agency)."),
    "ac_err_agency_only": ("Chỉ vai trò đơn vị gắn với mã đơn vị; vai trò '{role}' không có.",
                           "Only the agency role is bound to an agency code; '{role}' is not."),
    "ac_err_agency_unknown": ("Mã đơn vị '{code}' không có trong danh mục.", "Agency code '{code}' is not in the list."),
    "ac_err_last_admin": ("{email} là quản trị viên cuối cùng; hãy thêm quản trị viên khác trước.",
                          "{email} is the last administrator; add another administrator first."),
    # ---------------------------------------------------------------- explanation errors
    "ac_err_metric": ("Chưa chọn chỉ tiêu.", "No metric chosen."),
    "ac_err_period": ("Kỳ không hợp lệ (tháng YYYY-MM, từ tháng không sau đến tháng).",
                      "Invalid period (months YYYY-MM, from not after to)."),
    "ac_err_due_past": ("Hạn trả lời đã qua; chọn ngày từ hôm nay trở đi.", "The due date has passed; choose today or later."),
    "ac_err_empty": ("Nội dung trống.", "The text is empty."),
    "ac_err_too_long": ("Nội dung dài quá {limit} ký tự.", "The text is longer than {limit} characters."),
    "ac_err_control": ("Nội dung có ký tự điều khiển không hợp lệ.", "The text contains invalid control characters."),
    "ac_err_closed": ("Yêu cầu số {id} đã đóng.", "Request {id} is closed."),
    "ac_err_no_request": ("Không có yêu cầu số {id}.", "There is no request {id}."),
    # ---------------------------------------------------------------- problems table
    "ac_col_row": ("Dòng", "Row"),
    "ac_col_column": ("Cột", "Column"),
    "ac_col_value": ("Giá trị", "Value"),
    "ac_col_problem": ("Lỗi", "Problem"),
    # ---------------------------------------------------------------- command line
    "ac_cli_added": ("Đã thêm {email} ({role}).", "Added {email} ({role})."),
    "ac_cli_updated": ("Đã cập nhật {email} ({role}).", "Updated {email} ({role})."),
    "ac_cli_unchanged": ("{email} không thay đổi ({role}).", "{email} unchanged ({role})."),
    "ac_cli_removed": ("Đã xóa {email}.", "Removed {email}."),
    "ac_cli_no_user": ("Không có người dùng {email}.", "There is no user {email}."),
    "ac_cli_no_users": ("Chưa có người dùng nào.", "No users yet."),
}
