"""Differential privacy for bill figures: OpenDP's Gaussian noise, and its budget.

One household moving from one band of a figure to another changes that
figure's histogram by one in two bands: an L2 distance of √2 ("substitution":
the attacker knows how many entered and chose every other entry). OpenDP adds
discrete Gaussian noise to the counts and accounts the privacy loss as rho
(zero-concentrated differential privacy). With Gaussian noise that loss has an
exact meaning: no attacker, however they chose the other entries, tells two
values of a figure in different bands apart more often than
Φ(√(2·rho) / 2) of the time (a coin: 50%).

Each entry is in exactly one release of its step (parallel composition), and
the release is stored, so revealing again or summing releases for the
municipality costs nothing more. A household can enter on each bill step of a
meeting, so the steps of one meeting share MEETING_RHO between them.
"""

import math
from collections.abc import Iterable
from functools import lru_cache
from statistics import NormalDist

import opendp.prelude as dp

from app.bills import logic

dp.enable_features("contrib")

#: the privacy budget of one figure of one household over a whole meeting
MEETING_RHO = 0.25
#: how far one household's change moves a figure's histogram (L2)
SUBSTITUTION = math.sqrt(2)


def noise_scale(rho: float) -> float:
    """Return the Gaussian noise scale that spends rho per figure."""
    return SUBSTITUTION / math.sqrt(2 * rho)


def step_rho(spent: float, steps_to_come: int) -> float:
    """Return the budget for a step's releases: a fair share of what is left.

    :param spent: what the meeting's earlier bill steps spent
    :param steps_to_come: bill steps that released nothing yet, this one included
    """
    left = MEETING_RHO - spent
    return left / steps_to_come if left > 1e-9 else 0.0


@lru_cache(maxsize=64)
def _mechanism(size: int, scale: float) -> tuple[dp.Measurement, float]:
    """Return OpenDP's Gaussian mechanism for a histogram, and its rho."""
    mechanism = dp.m.make_gaussian(
        dp.vector_domain(dp.atom_domain(T=int), size=size),
        dp.l2_distance(T=float),
        scale=scale,
    )
    return mechanism, mechanism.map(SUBSTITUTION)


def noisy_counts(counts: list[int], scale: float) -> tuple[list[int], float]:
    """Return the counts with OpenDP's discrete Gaussian noise, and the rho spent."""
    mechanism, rho = _mechanism(len(counts), scale)
    return mechanism(counts), rho


def release(
    entries: Iterable[logic.Entry], rho: float
) -> tuple[dict[str, list[int]], float]:
    """Return every figure's noisy histogram of a batch, and the rho per figure.

    This is all that ever leaves a batch of entries.
    """
    scale = noise_scale(rho)
    noisy, spent = {}, 0.0
    for figure, exact in logic.histograms(entries).items():
        noisy[figure], spent = noisy_counts(exact, scale)
    return noisy, spent


def best_guess_rate(rho: float) -> float:
    """Return how often the best attacker tells two bands of a figure apart."""
    return NormalDist().cdf(math.sqrt(2 * rho) / 2)
