from django.conf import settings
from django.utils import translation


class PathLanguageMiddleware:
    """The language comes from the address alone: /en/... is English, everything else Chinese.

    Django's LocaleMiddleware would also read the browser's Accept-Language and redirect an
    English browser from / to /en/; a shared or bookmarked Chinese link must stay Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
