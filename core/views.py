from django.shortcuts import render
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    """The site's 403 page for a failed CSRF check (Django's own has an inline style that the
    Content-Security-Policy blocks, and speaks to developers)."""
    message = _(
        "表单已过期或不是从本站提交的（安全校验未通过）。请返回上一页，刷新后再提交；"
        "如果浏览器禁用了 Cookie，请为本站开启。"
    )
    return render(request, "403.html", {"message": message}, status=403)
