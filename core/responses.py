from django.shortcuts import render


def bad_request(request, problems: list[str]):
    """The site's 400 page, naming what in the address is wrong."""
    return render(request, "400.html", {"problems": problems}, status=400)
