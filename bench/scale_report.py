"""Turn bench.scale's figures into the RESULTS.md section, with the targets."""

from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADING = "## Five years of data (make bench-scale)"
P95_TARGET_MS = 300
EXPORT_TARGET_MS = 2000
FLAT_MB = 10  #: 10x the rows may add at most this much to the export's peak memory
LIVE_SLACK = 1.25  #: tonight's meeting on a busy past: within noise of an empty one


NOTES = [
    "What keeps it there:",
    "- a meeting's poll counts are counted once through the covering index"
    " `ix_poll_answers_measure_horizon` (measure, horizon, participant: no answer"
    " row is read), then kept in the process and stored in `meeting_figures` with"
    " the meeting's fingerprint (version, poll steps' states, participants); only a"
    " meeting with an open poll step, or one that changed, is counted again"
    " (`app/groups/poll_figures.py`). The first view after the data changed counts"
    " every answer and grows with them (the line under each table);",
    "- the streets' worksites are kept until a sign-up changes (fingerprint from"
    " `ix_signups_municipality_updated`); purchase groups come one page at a time"
    " from one grouped query; a meeting's poll analysis reads only its own answers;",
    "- exports read sign-ups in batches of 1,000 (keyset on the id, one query for"
    " their measures) and write each row straight into a file (XlsxWriter's"
    " constant-memory mode, or CSV), which is then sent: the peak memory is measured"
    " in a fresh process per export (`bench/scale_rss.py`).",
    "",
]


def _ok(passed: bool) -> str:
    return "✅" if passed else "❌"


def _scale_table(database: dict) -> list[str]:
    scales = database["scales"]
    first, last = scales[0], scales[-1]
    growth = last["factor"] / first["factor"]
    head = " | ".join(f"x{s['factor']} cold / warm" for s in scales)
    lines = [
        f"| {database['label']} | {head} | growth x{first['factor']}→x{last['factor']}"
        f" (data x{growth:g}) | target |",
        "| --- |" + " ---: |" * len(scales) + " ---: | --- |",
    ]
    for name in first["timings"]:
        cells = [
            "{cold_p95:.0f} / {warm_p95:.0f}".format(**s["timings"][name])
            for s in scales
        ]
        a, b = first["timings"][name], last["timings"][name]
        ratio = max(b["cold_p95"] / a["cold_p95"], b["warm_p95"] / a["warm_p95"])
        passed = max(a["cold_p95"], a["warm_p95"]) <= P95_TARGET_MS and ratio <= growth
        lines.append(
            f"| {name} | {' | '.join(cells)} | x{ratio:.2f} |"
            f" {_ok(passed)} ≤ {P95_TARGET_MS} ms at x1, ≤ x{growth:g} |"
        )
    firsts = [
        f"{name}: "
        + " / ".join(f"{s['timings'][name].get('first_p95', 0):.0f}" for s in scales)
        for name in first["timings"]
    ]
    lines += [
        "",
        f"{database['label']}, the first view after the data changed (nothing kept or"
        " stored, every answer counted), "
        + ", ".join(f"x{s['factor']}" for s in scales)
        + ": "
        + "; ".join(firsts)
        + " ms.",
    ]
    return lines


def _data_line(database: dict) -> str:
    parts = []
    for scale in database["scales"]:
        c = scale["counts"]
        parts.append(
            f"x{scale['factor']}: {c['participants']:,} participants, "
            f"{c['poll_answers']:,} poll answers, {c['persona_answers']:,} persona "
            f"answers (written in {scale['grown']['seconds']} s)"
        )
    c = database["scales"][0]["counts"]
    return (
        f"{database['label']}: {c['neighbourhoods']} neighbourhoods, {c['meetings']} "
        f"meetings, {c['bill_entries']:,} bill entries, {c['signups']:,} sign-ups; "
        + "; ".join(parts)
        + "."
    )


def _export_lines(results: dict) -> list[str]:
    lines = [
        "| export of all sign-ups | rows | ms | KB | peak memory added, MB | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for database in results["databases"]:
        sizes = sorted(database["exports"], key=int)
        small = sizes[0]
        for kind in database["exports"][small]:
            for rows in sizes:
                figure = database["exports"][rows][kind]
                if rows == small:
                    passed = figure["ms"] <= EXPORT_TARGET_MS
                    target = f"{_ok(passed)} ≤ {EXPORT_TARGET_MS} ms"
                else:
                    grew = (
                        figure["peak_added_mb"]
                        - database["exports"][small][kind]["peak_added_mb"]
                    )
                    target = f"{_ok(grew <= FLAT_MB)} flat: +{grew:.1f} MB for x10 rows"
                lines.append(
                    f"| {database['label']} {kind} | {int(rows):,} | {figure['ms']:,} |"
                    f" {figure['kb']:,} | {figure['peak_added_mb']:.1f} | {target} |"
                )
    return lines


def _live_lines(results: dict) -> list[str]:
    lines = [
        "| tonight's meeting | empty database: CPU ms / wall p95 ms | with the x10 "
        "history | ratio (CPU) | target |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for live in results["live"]:
        for path, empty in live["empty"].items():
            busy = live["history"][path]
            ratio = busy["cpu_ms"] / empty["cpu_ms"] if empty["cpu_ms"] else 1
            lines.append(
                f"| {live['label']}: {path} | {empty['cpu_ms']:.2f} /"
                f" {empty['wall_p95_ms']:.2f} | {busy['cpu_ms']:.2f} /"
                f" {busy['wall_p95_ms']:.2f} | {ratio:.2f} |"
                f" {_ok(ratio <= LIVE_SLACK)} unchanged (≤ {LIVE_SLACK}) |"
            )
    return lines


def markdown(results: dict) -> str:
    lines = [
        HEADING,
        "",
        "`make bench-scale` (`bench/scale.py`) seeds a municipality with five"
        " years of klimaattafels in bulk (`bench/scale_seed.py`: Core executemany on"
        " SQLite, COPY on PostgreSQL), grows its participants and answers, and calls"
        " the app in-process as a logged-in admin. *Cold*: the figures the app keeps"
        " in the process (`app/groups/kept.py`) emptied and a new database connection"
        " (as after a restart: the meetings' counts stored in the database are read;"
        " SQLite's page cache and PostgreSQL's per-connection caches empty; the OS's"
        " file cache as it is); *warm*: the same request again. p95 of wall-clock ms,"
        " one run on the 2-core dev machine, "
        f"{results['seconds']} s in all.",
        "",
    ]
    lines += [f"- {_data_line(d)}" for d in results["databases"]]
    for database in results["databases"]:
        lines += ["", *_scale_table(database)]
    lines += ["", *_export_lines(results), "", *_live_lines(results), "", *NOTES]
    return "\n".join(lines)


def with_section(text: str, section: str) -> str:
    """Return RESULTS.md's text with this section at its end, replacing an
    earlier one and keeping every other section as it is."""
    if HEADING in text:
        before, _, after = text.partition(HEADING)
        rest = after.split("\n## ", 1)
        tail = ("\n## " + rest[1]) if len(rest) > 1 else ""
        text = before.rstrip() + "\n\n" + tail.lstrip("\n")
    return text.rstrip() + "\n\n" + section.rstrip() + "\n"


def write(section: str) -> None:
    """Put the section at the end of RESULTS.md, replacing an earlier one."""
    text = RESULTS.read_text() if RESULTS.exists() else ""
    RESULTS.write_text(with_section(text, section))
