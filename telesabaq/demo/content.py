"""What the demo station contains: people, two courses, their modules, tests and channels.

All of it is fiction for a demonstration. The DVB identifiers come from the ranges set aside for
private and temporary use (ETSI TS 101 162): original_network_id and network_id 0xFF01/0xFF02
("temporary private use"), so a receiver never mistakes the demo for a real broadcaster.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHANNELS", "COURSES", "USERS", "DemoChannel", "DemoCourse", "DemoModule", "DemoUser"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoUser:
    username: str
    password: str
    role: str
    display_name: str
    student_number: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoModule:
    syllabus_code: str
    title: dict[str, str]
    summary: dict[str, str]
    slides: tuple[str, ...]
    """Slide texts in the course's language; the speech reads them."""
    gift: str
    """The follow-up test's questions, in GIFT."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCourse:
    code: str
    title: dict[str, str]
    language: str
    level: str
    modules: tuple[DemoModule, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoChannel:
    name: str
    number: int
    service_id: int
    xmltv_id: str
    language: str
    delivery: str
    network_name: str
    network_id: int
    transport_stream_id: int
    course_code: str
    profile_key: str
    """`t2` or `s2`: which of the station's demo profiles it airs (settings choose the names)."""


USERS = (
    DemoUser(username="staff", password="staff-demo", role="staff", display_name="Айгүл Сейітқали"),
    DemoUser(
        username="engineer", password="engineer-demo", role="engineer", display_name="Ерлан Омаров"
    ),
    DemoUser(
        username="aruzhan",
        password="student-demo",
        role="student",
        display_name="Аружан Бекова",
        student_number="S-1001",
    ),
    DemoUser(
        username="timur",
        password="student-demo",
        role="student",
        display_name="Тимур Ким",
        student_number="S-1002",
    ),
)

_KK_MODULES = (
    DemoModule(
        syllabus_code="IT-01",
        title={
            "kk": "Компьютер қалай жұмыс істейді",
            "ru": "Как работает компьютер",
            "en": "How a computer works",
        },
        summary={
            "kk": "Процессор, жад және енгізу-шығару құрылғылары.",
            "ru": "Процессор, память и устройства ввода-вывода.",
            "en": "Processor, memory and input/output devices.",
        },
        slides=(
            "Компьютердің негізгі бөліктері",
            "Процессор командаларды орындайды",
            "Жад деректерді сақтайды",
        ),
        gift="::1:: Деректерді қай құрылғы сақтайды? {=жад ~монитор ~пернетақта}\n\n"
        "::2:: Процессор командаларды орындайды. {T}\n",
    ),
    DemoModule(
        syllabus_code="IT-02",
        title={"kk": "Алгоритмдер", "ru": "Алгоритмы", "en": "Algorithms"},
        summary={
            "kk": "Алгоритм деген не және оны қалай жазамыз.",
            "ru": "Что такое алгоритм и как его записать.",
            "en": "What an algorithm is and how to write one down.",
        },
        slides=("Алгоритм - қадамдар тізбегі", "Шарт және цикл", "Блок-сызба"),
        gift="::1:: Алгоритм дегеніміз - қадамдар тізбегі. {T}\n\n"
        "::2:: Қайталанатын әрекет қалай аталады? {=цикл ~шарт ~айнымалы}\n",
    ),
    DemoModule(
        syllabus_code="IT-03",
        title={"kk": "Компьютерлік желілер", "ru": "Компьютерные сети", "en": "Computer networks"},
        summary={
            "kk": "Интернет, IP-мекенжай және хаттамалар.",
            "ru": "Интернет, IP-адрес и протоколы.",
            "en": "The internet, IP addresses and protocols.",
        },
        slides=("Желі дегеніміз не", "IP-мекенжай", "Хаттамалар: TCP және UDP"),
        gift="::1:: IPv4 мекенжайы неше байттан тұрады? {#4}\n\n"
        "::2:: Қай хаттама байланыс орнатады? {=TCP ~UDP}\n",
    ),
)

_RU_MODULES = (
    DemoModule(
        syllabus_code="HK-01",
        title={
            "kk": "Ежелгі өркениеттер",
            "ru": "Древние цивилизации",
            "en": "Ancient civilisations",
        },
        summary={"kk": "Сақтар мен ғұндар.", "ru": "Саки и гунны.", "en": "The Saka and the Huns."},
        slides=("Древние цивилизации степи", "Саки и их курганы", "Золотой человек"),
        gift="::1:: Где нашли Золотого человека? {=Иссык ~Отрар ~Тараз}\n\n"
        "::2:: Саки жили в степях Казахстана. {T}\n",
    ),
    DemoModule(
        syllabus_code="HK-02",
        title={"kk": "Қазақ хандығы", "ru": "Казахское ханство", "en": "The Kazakh Khanate"},
        summary={
            "kk": "1465 жыл: Керей мен Жәнібек.",
            "ru": "1465 год: Керей и Жанибек.",
            "en": "1465: Kerei and Zhanibek.",
        },
        slides=("Казахское ханство", "1465 год", "Керей и Жанибек"),
        gift="::1:: В каком году образовалось Казахское ханство? {#1465}\n\n"
        "::2:: Кто основал ханство? {=Керей и Жанибек ~Абылай ~Касым}\n",
    ),
    DemoModule(
        syllabus_code="HK-03",
        title={"kk": "Тәуелсіздік", "ru": "Независимость", "en": "Independence"},
        summary={
            "kk": "1991 жыл, 16 желтоқсан.",
            "ru": "16 декабря 1991 года.",
            "en": "16 December 1991.",
        },
        slides=("Независимость Казахстана", "16 декабря 1991 года", "Новая столица"),
        gift="::1:: В каком году Казахстан стал независимым? {#1991}\n\n"
        "::2:: День независимости - 16 декабря. {T}\n",
    ),
)

COURSES = (
    DemoCourse(
        code="DEMO-IT",
        title={
            "kk": "Ақпараттық технологиялар негіздері",
            "ru": "Основы информационных технологий",
            "en": "Foundations of information technology",
        },
        language="kk",
        level="bachelor-1",
        modules=_KK_MODULES,
    ),
    DemoCourse(
        code="DEMO-HIST",
        title={"kk": "Қазақстан тарихы", "ru": "История Казахстана", "en": "History of Kazakhstan"},
        language="ru",
        level="bachelor-1",
        modules=_RU_MODULES,
    ),
)

CHANNELS = (
    DemoChannel(
        name="Телесабақ Т2 (демо)",
        number=21,
        service_id=0x0101,
        xmltv_id="t2.demo.telesabaq",
        language="kk",
        delivery="dvb-t2",
        network_name="Telesabaq DVB-T2 (demo, private ids)",
        network_id=0xFF01,
        transport_stream_id=1,
        course_code="DEMO-IT",
        profile_key="t2",
    ),
    DemoChannel(
        name="Телесабак Спутник (демо)",
        number=41,
        service_id=0x0201,
        xmltv_id="s2.demo.telesabaq",
        language="ru",
        delivery="dvb-s2",
        network_name="Telesabaq DVB-S2 (demo, private ids)",
        network_id=0xFF02,
        transport_stream_id=2,
        course_code="DEMO-HIST",
        profile_key="s2",
    ),
)
