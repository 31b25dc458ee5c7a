"""UI text in Kazakh, Russian and English. The language comes from ?lang=, then the `lang`
cookie, then Accept-Language, then Kazakh."""

from __future__ import annotations

from fastapi import Request

LANGUAGES = ("kk", "ru", "en")
DEFAULT = "kk"

MESSAGES: dict[str, tuple[str, str, str]] = {
    # key: (kk, ru, en)
    "site": ("Телесабақ", "Телесабак", "Telesabaq"),
    "skip": ("Негізгі мазмұнға өту", "Перейти к содержимому", "Skip to content"),
    "today": ("Бүгін теледидарда", "Сегодня на ТВ", "Today on TV"),
    "now": ("Қазір эфирде", "Сейчас в эфире", "On air now"),
    "next": ("Келесі", "Далее", "Next"),
    "nothing": ("Эфирде ештеңе жоқ", "Ничего не запланировано", "Nothing planned"),
    "courses": ("Курстар", "Курсы", "Courses"),
    "modules": ("Модульдер", "Модули", "Modules"),
    "module": ("Модуль", "Модуль", "Module"),
    "aired": ("Эфирге шықты", "Вышел в эфир", "Aired"),
    "aired_full": ("толық көрсетілді", "показан полностью", "aired in full"),
    "aired_partial": ("ішінара көрсетілді", "показан частично", "aired in part"),
    "aired_none": ("көрсетілмеді", "не показан", "did not air"),
    "aired_pending": ("әлі көрсетілмеген", "ещё не показан", "not aired yet"),
    "next_airing": ("Келесі эфир", "Следующий эфир", "Next airing"),
    "no_airing": ("Эфир жоспарланбаған", "Эфир не запланирован", "No airing planned"),
    "followup": ("Бақылау тесті", "Контрольный тест", "Follow-up test"),
    "open_test": ("Тестті ашу", "Открыть тест", "Open the test"),
    "code": ("Код", "Код", "Code"),
    "catchup": ("Қайта көру", "Смотреть запись", "Watch again"),
    "login": ("Кіру", "Войти", "Sign in"),
    "logout": ("Шығу", "Выйти", "Sign out"),
    "username": ("Пайдаланушы аты", "Имя пользователя", "Username"),
    "password": ("Құпиясөз", "Пароль", "Password"),
    "wrong_login": (
        "Қате аты немесе құпиясөз",
        "Неверное имя или пароль",
        "Wrong username or password",
    ),
    "staff": ("Оқытушылар", "Преподаватели", "Staff"),
    "my_progress": ("Менің үлгерімім", "Моя успеваемость", "My progress"),
    "edit_test": (
        "Бақылау тестін өңдеу",
        "Редактировать контрольный тест",
        "Edit the follow-up test",
    ),
    "engineer": ("Инженерлер", "Инженеры", "Engineers"),
    "lecture": ("Дәріс", "Лекция", "Lecture"),
    "status": ("Күйі", "Статус", "Status"),
    "renditions": ("Эфирлік нұсқалар", "Эфирные версии", "Renditions"),
    "upload": ("Жазбаны жүктеу", "Загрузить запись", "Upload recording"),
    "replace": ("Жазбаны ауыстыру", "Заменить запись", "Replace recording"),
    "choose_file": ("Файлды таңдаңыз", "Выберите файл", "Choose a file"),
    "progress": ("Жүктеу барысы", "Ход загрузки", "Upload progress"),
    "preview": ("Алдын ала қарау", "Предпросмотр", "Preview"),
    "end_card": ("Соңғы кадр", "Финальная заставка", "End-card"),
    "week": ("Апта кестесі", "Сетка недели", "Week grid"),
    "conflicts": ("Қайшылықтар", "Конфликты", "Conflicts"),
    "plan_vs_asrun": ("Жоспар мен эфир", "План и фактический эфир", "Plan vs as-run"),
    "channel": ("Арна", "Канал", "Channel"),
    "channels": ("Арналар", "Каналы", "Channels"),
    "start": ("Басталуы", "Начало", "Start"),
    "end": ("Аяқталуы", "Конец", "End"),
    "actual": ("Нақты эфир", "Фактический эфир", "Actually aired"),
    "outcome": ("Нәтиже", "Итог", "Outcome"),
    "rerun": ("қайталау", "повтор", "rerun"),
    "no_player": (
        "Бұл браузер HLS ойната алмайды; файлды жүктеп алыңыз.",
        "Этот браузер не воспроизводит HLS; скачайте файл.",
        "This browser cannot play HLS; download the file instead.",
    ),
    "not_found": ("Табылмады", "Не найдено", "Not found"),
    "forbidden": ("Рұқсат жоқ", "Нет доступа", "Not allowed"),
    "language": ("Тіл", "Язык", "Language"),
    "your_courses": ("Сіздің курстарыңыз", "Ваши курсы", "Your courses"),
    "validation": ("Тексеру нәтижесі", "Результат проверки", "Validation result"),
}


def language(request: Request) -> str:
    """The request's UI language."""
    asked = request.query_params.get("lang") or request.cookies.get("lang")
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LANGUAGES:
            return tag
    return DEFAULT


def translator(lang: str):  # type: ignore[no-untyped-def]
    """`t(key)` for templates: the message in `lang` (the key itself when unknown)."""
    index = LANGUAGES.index(lang)

    def t(key: str) -> str:
        texts = MESSAGES.get(key)
        return texts[index] if texts else key

    return t
