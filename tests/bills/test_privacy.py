"""The bill comparison's promise, measured: a distinguishing game and usefulness.

The game: an attacker chooses every other entry of a release (the four phones
of the attack that broke the exact median: two low, two high), knows every
other figure of the victim, sees everything that is released, and guesses
whether the victim's electricity was 2,500 or 5,000 kWh a year. Its guess is
the best one possible for Gaussian noise (the likelihood ratio: whichever
hypothesis' exact histograms lie closer). A coin is right half of the time;
the README promises at most ≈ 64%.
"""

import math
import random
import statistics

import pytest

from app.bills import logic, privacy

TRIALS = 4000  #: tells 0.64 from 0.5 or 0.70 at more than 5 standard deviations
VICTIM = {"heat_kwh": 17_000, "household_size": 2, "advance_eur": 160}


def _entry(elec_kwh, **figures):
    base = {"contract": "fixed", "price_eur_kwh": 0.32, "peak_advance_eur": 300}
    return logic.Entry(elec_kwh=elec_kwh, **{**VICTIM, **base, **figures})


ATTACKER = [_entry(900), _entry(1_000), _entry(9_000), _entry(9_500)]
HYPOTHESES = (2_500, 5_000)


def _dp_release(entries):
    """Return the released electricity histogram.

    The other figures' histograms are the same in both worlds and their noise
    is drawn apart, so they tell the attacker nothing more: the likelihood
    ratio cancels them (the service test checks that all figures are drawn).
    """
    exact = logic.histograms(entries)["elec_kwh"]
    noisy, _rho = privacy.noisy_counts(exact, privacy.noise_scale(privacy.MEETING_RHO))
    return {"elec_kwh": noisy}


def _rounded_median_release(entries):
    """The comparison before noise: a median rounded to 250 kWh."""
    return round(statistics.median(e.elec_kwh for e in entries) / 250) * 250


def _closest(observed, expected) -> int:
    """Return the hypothesis whose exact release lies closest (likelihood ratio)."""

    def distance(exact):
        if not isinstance(observed, dict):
            return abs(observed - exact)
        return sum(
            (o - e) ** 2
            for figure in observed
            for o, e in zip(observed[figure], exact[figure], strict=True)
        )

    return min(range(len(expected)), key=lambda i: distance(expected[i]))


def _exact(release, entries):
    if release is _dp_release:
        return {"elec_kwh": logic.histograms(entries)["elec_kwh"]}
    return statistics.median(e.elec_kwh for e in entries)


def attacker_success(release, trials=TRIALS) -> float:
    """Play the game and return how often the attacker is right."""
    worlds = [[*ATTACKER, _entry(value)] for value in HYPOTHESES]
    expected = [_exact(release, world) for world in worlds]
    right = 0
    for _ in range(trials):
        truth = random.randrange(2)
        right += _closest(release(worlds[truth]), expected) == truth
    return right / trials


def test_an_exact_median_gives_the_victim_away():
    """The game has teeth: the release before noise loses every time."""
    assert attacker_success(_rounded_median_release, trials=200) == 1.0


def test_the_best_attacker_is_barely_better_than_a_coin():
    success = attacker_success(_dp_release)
    assert privacy.best_guess_rate(privacy.MEETING_RHO) < 0.64
    assert 0.60 <= success <= 0.665, success


def test_the_noise_is_spent_as_accounted():
    _noisy, rho = privacy.release([_entry(3_000)] * 5, privacy.MEETING_RHO)
    assert rho == pytest.approx(privacy.MEETING_RHO)
    assert privacy.noise_scale(privacy.MEETING_RHO) == pytest.approx(2.0)


def test_a_meetings_bill_steps_share_its_budget():
    assert privacy.step_rho(0.0, 1) == privacy.MEETING_RHO
    assert privacy.step_rho(0.0, 2) == privacy.MEETING_RHO / 2
    assert privacy.step_rho(0.125, 1) == pytest.approx(0.125)
    assert privacy.step_rho(privacy.MEETING_RHO, 1) == 0.0


#: honest streets: lognormal spreads around the Flemish typical figures
#: (domain sheet: ≈ 3,300-3,500 kWh electricity; advances ≈ € 160 a month)
HONEST = {
    "elec_kwh": (3_300, 0.45),
    "advance_eur": (160, 0.40),
    "price_eur_kwh": (0.33, 0.15),
}


STREET = {
    "elec_kwh": 3_000,
    "heat_kwh": None,
    "household_size": 2,
    "advance_eur": 150,
    "contract": "fixed",
}


@pytest.mark.parametrize("figure", sorted(HONEST))
def test_twenty_households_see_where_the_middle_of_the_street_is(figure):
    """Correct: the bands shown as the middle hold the street's middle household."""
    median, spread = HONEST[figure]
    scale = logic.SCALES[figure]
    releases, correct = 2000, 0
    for _ in range(releases):
        values = sorted(
            random.lognormvariate(math.log(median), spread) for _ in range(20)
        )
        entries = [logic.Entry(**{**STREET, figure: value}) for value in values]
        noisy, _rho = privacy.noisy_counts(
            logic.histograms(entries)[figure], privacy.noise_scale(privacy.MEETING_RHO)
        )
        shown = logic.figure_picture(scale, noisy)
        middle_band = scale.band_of(statistics.median(values))
        correct += (
            shown is not None and shown.middle[0] <= middle_band <= shown.middle[1]
        )
    assert correct / releases >= 0.90
