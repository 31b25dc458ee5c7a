"""UI text of the assessment pages in Kazakh, Russian and English (the catalogue's own
messages are in `i18n.MESSAGES`; these add to them)."""

from __future__ import annotations

from collections.abc import Callable

from catalog.pages.i18n import LANGUAGES, translator

MESSAGES: dict[str, tuple[str, str, str]] = {
    "enter_code": (
        "Экрандағы кодты енгізіңіз",
        "Введите код с экрана",
        "Enter the code from the screen",
    ),
    "go": ("Өту", "Перейти", "Go"),
    "unknown_code": ("Мұндай код жоқ", "Такого кода нет", "No such code"),
    "unknown_code_help": (
        "Кодты тексеріп, қайта теріңіз: алты сан, мысалы 123 456.",
        "Проверьте код и наберите снова: шесть цифр, например 123 456.",
        "Check the code and type it again: six digits, e.g. 123 456.",
    ),
    "too_many": (
        "Тым көп қате код. Біраз күтіп, қайталаңыз.",
        "Слишком много неверных кодов. Подождите и попробуйте снова.",
        "Too many wrong codes. Please wait a little and try again.",
    ),
    "sign_in_to_test": (
        "Тест тапсыру үшін кіріңіз",
        "Войдите, чтобы пройти тест",
        "Sign in to take the test",
    ),
    "start_test": ("Тестті бастау", "Начать тест", "Start the test"),
    "resume_test": ("Тестті жалғастыру", "Продолжить тест", "Resume the test"),
    "not_enrolled": (
        "Сіз бұл курсқа жазылмағансыз.",
        "Вы не записаны на этот курс.",
        "You are not enrolled in this course.",
    ),
    "window_open_aired": ("Тест ашық", "Тест открыт", "The test is open"),
    "window_open_by_hand": ("Тест ашық", "Тест открыт", "The test is open"),
    "window_open_on_demand": ("Тест ашық", "Тест открыт", "The test is open"),
    "window_not_aired": (
        "Тест модуль толық көрсетілгеннен кейін ашылады.",
        "Тест откроется, когда модуль покажут полностью.",
        "The test opens once the module has aired in full.",
    ),
    "window_aired_partially": (
        "Модуль ішінара ғана көрсетілді; тест қайта эфирден кейін ашылады.",
        "Модуль показан лишь частично; тест откроется после повторного эфира.",
        "The module aired only in part; the test opens after the make-up airing.",
    ),
    "window_closed": ("Тест жабық", "Тест закрыт", "The test is closed"),
    "window_external": (
        "Тест сыртқы жүйеде",
        "Тест во внешней системе",
        "The test is in another system",
    ),
    "attempts": ("Талпыныстар", "Попытки", "Attempts"),
    "passed": ("Өтті", "Сдано", "Passed"),
    "failed": ("Өтпеді", "Не сдано", "Not passed"),
    "submit": ("Жіберу", "Отправить", "Submit"),
    "saved": ("Сақталды", "Сохранено", "Saved"),
    "saving": ("Сақталуда…", "Сохранение…", "Saving…"),
    "offline": (
        "Байланыс жоқ: жауаптар осы құрылғыда сақталды",
        "Нет связи: ответы сохранены на этом устройстве",
        "Offline: answers are kept on this device",
    ),
    "score": ("Нәтиже", "Результат", "Score"),
    "admitted": (
        "Аралық аттестацияға жіберілдіңіз",
        "Допущен к промежуточной аттестации",
        "Admitted to interim attestation",
    ),
    "not_admitted": ("Әлі жіберілмеген", "Пока не допущен", "Not admitted yet"),
    "still_missing": ("Не қалды", "Что осталось", "Still missing"),
    "need_passed": ("тест тапсырылмаған", "тест не сдан", "test not passed"),
    "need_completed": ("тест орындалмаған", "тест не пройден", "test not taken"),
    "need_attended": ("теледидардан код енгізілмеген", "код с ТВ не введён", "TV code not entered"),
    "waived": ("босатылған", "освобождён", "waived"),
    "code_entered": ("Код енгізілді", "Код введён", "Code entered"),
    "download_footprint": (
        "Цифрлық ізімді жүктеу",
        "Скачать мой цифровой след",
        "Download my digital footprint",
    ),
    "yes": ("иә", "да", "yes"),
    "no": ("жоқ", "нет", "no"),
    "questions": ("Сұрақтар", "Вопросы", "Questions"),
    "import_questions": ("Сұрақтарды импорттау", "Импорт вопросов", "Import questions"),
    "open_by_hand": ("Тестті қолмен ашу", "Открыть тест вручную", "Open the test by hand"),
    "answer_key": ("Дұрыс жауап", "Правильный ответ", "Answer key"),
    "format": ("Пішім", "Формат", "Format"),
    "import": ("Импорттау", "Импортировать", "Import"),
}


def assessment_translator(lang: str) -> Callable[[str], str]:
    """`t(key)`: these messages first, then the catalogue's."""
    index = LANGUAGES.index(lang)
    fallback = translator(lang)

    def t(key: str) -> str:
        texts = MESSAGES.get(key)
        return texts[index] if texts else fallback(key)

    return t
