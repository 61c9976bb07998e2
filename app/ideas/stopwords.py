# ruff: noqa: RUF001 - Cyrillic words are meant to be Cyrillic
"""Words too common to say anything in a word cloud, per language.

Small hand-made lists (articles, pronouns, prepositions, conjunctions, forms of
"to be" and "to have", a few fillers) for the languages residents type in:
Dutch, French, English, Turkish, Arabic, Polish, Romanian and Ukrainian. Each
idea is filtered with the list of the language its phone was using, so a word
that is common in one language and meaningful in another stays in the other.
Words are lower-case as `str.casefold` leaves them. Pure data: no imports.
"""

_NL = """
de het een en of maar dat die dit deze daar hier er van voor met op in aan bij
naar uit over onder door om tot te toe als dan ook nog niet geen wel meer veel
is zijn was waren ben bent wordt worden werd heb hebt heeft hebben had kan kun
kunnen zal zou moet moeten wil willen mag ik jij je u hij zij ze wij we jullie
mij me mijn jouw jou zijn haar ons onze hun hen wat wie waar hoe waarom welk
welke zo heel zeer al alle alles iets niets iemand men nu dus want omdat
"""
_FR = """
le la les l un une des du de d et ou mais que qu qui quoi dont où ce cet cette
ces ça c il elle ils elles on je j tu nous vous me m te t se s lui leur leurs
mon ma mes ton ta tes son sa ses notre nos votre vos à au aux en dans sur sous
par pour avec sans chez vers entre ne n pas plus moins très trop aussi est sont
était être ai as avons avez ont avoir fait faire peut peuvent si comme tout
tous toute toutes y
"""
_EN = """
a an the and or but if then so that this these those there here of to in on at
by for with from into onto about as is are was were be been being am have has
had do does did not no yes it its i me my we us our you your he him his she
her they them their what which who whom where when why how all any some more
most very too also just can could would should will shall may might must
"""
_TR = """
ve veya ile ama fakat çünkü ki de da bu şu o bir biri her hiç çok az daha en
gibi için kadar sonra önce ben sen biz siz onlar beni seni onu bizi sizi
onları benim senin onun bizim sizin onların ne neden nasıl nerede hangi mi mı
mu mü değil var yok olan olarak oldu olur ise dir dır
"""
_AR = """
في من إلى الى على عن مع هذا هذه ذلك تلك هو هي هم هن أنا انا نحن أنت انت
أنتم انتم و أو او ثم لكن بل إن ان أن كان كانت يكون لا لم لن ما ماذا متى
أين اين كيف كل بعض قد التي الذي الذين هنا هناك عند
"""
_PL = """
i a o u w we z ze na do od po za przez dla przy pod nad bez się nie tak to ten
ta te tego tej jest są był była było być mam ma mamy mają ja ty on ona ono my
wy oni one mnie mój moja moje nasz nasza co kto gdzie jak czy że ale lub albo
też już jeszcze bardzo
"""
_RO = """
și si sau dar că ca care ce cine unde cum de la în in pe cu din pentru prin
spre fără un o niște niste al a ai ale lui ei este e sunt era fi am are au
eu tu el ea noi voi ei ele mă ma te se îl il nu da mai foarte tot toate
acest această aceasta acesta aceste
"""
_UK = """
і й та а але або чи що як де коли хто це той ця ці цей в у на з із до від по
за для при під над без не так є був була було бути я ти він вона воно ми ви
вони мене мій моя моє наш наша їх його її дуже також вже ще
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    locale: frozenset(words.split())
    for locale, words in (
        ("nl", _NL),
        ("fr", _FR),
        ("en", _EN),
        ("tr", _TR),
        ("ar", _AR),
        ("pl", _PL),
        ("ro", _RO),
        ("uk", _UK),
    )
}


def stop_words(locale: str) -> frozenset[str]:
    """Return the stop-words of a language ("nl", "ar-MA" reads as "ar")."""
    return STOP_WORDS.get(locale.split("-")[0].split("_")[0].lower(), frozenset())
