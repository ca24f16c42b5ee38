"""A wrong value, type or key anywhere in warmly.toml is refused at load, in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from warmly.agenda.configs import _TERMS
from warmly.config import load_settings
from warmly.errors import ConfigError


def _load(tmp_path: Path, toml: str | bytes) -> Path:
    path = tmp_path / "warmly.toml"
    path.write_bytes(toml if isinstance(toml, bytes) else toml.encode())
    load_settings(path)
    return path


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        # TOML is typed: no coercion of strings or booleans into numbers
        (
            '[profile]\nminutes_per_day = "20"\n',
            "profile.minutes_per_day: should be a valid integer",
        ),
        ("[profile]\nminutes_per_day = true\n", "profile.minutes_per_day"),
        ('[identity]\nauto_merge = "0.9"\n', "identity.auto_merge"),
        ("[ties]\nhalf_life_days = inf\n", "ties.half_life_days: should be a finite number"),
        ('[profile]\ndefault_region = "ZZ"\n', "profile.default_region: 'ZZ' is not an ISO"),
        ("[identity]\nauto_merge = 0.5\nreview = 0.9\n", r"review \(0.9\) is above auto_merge"),
        ("[ties.weights]\nmesage = 1.0\n", "ties.weights: unknown interaction kind 'mesage'"),
        ("[ties.weights]\nmessage = -1.0\n", "a weight cannot be negative"),
        ('[profiel]\nname = "x"\n', r"\[profiel\]: unknown section; known: profile"),
        ('[profile]\nnmae = "x"\n', "profile.nmae: unknown key; known: name"),
        # engine sections, checked at load rather than when the engine first runs
        ('[strength]\nw_recency = "0.2"\n', r"strength.w_recency: expected a number, got a string"),
        ("[strength]\nw_recency = nan\n", "strength.w_recency: expected a finite number"),
        ("[strength]\nrecency_half_life_days = 0\n", "must be greater than 0"),
        ("[strength]\nmultiplex_full = 0\n", "strength.multiplex_full: must be at least 1"),
        (
            "[strength]\n" + "".join(f"w_{t} = 0\n" for t in _TERMS),
            "sum to 0",
        ),
        ("[circles]\nsizes = []\nnames = []\ncadence_days = []\n", "sizes needs at least one"),
        (
            "[circles]\nsizes = [5.5, 15, 50, 150, 500]\n",
            r"circles.sizes\[0\]: expected an integer",
        ),
        ("[circles]\ncadence_days = [-7, 30, 90, 180, 365]\n", "circles.cadence_days"),
        ("[circles]\nmin_strength = 2\n", "circles.min_strength: must be at most 1"),
        ("[reasons]\nminutes_message = 0\n", "reasons.minutes_message: must be at least 1"),
        ("[reasons]\nkeep_value = 3\n", "reasons.keep_value: expected a list"),
        ("[reasons]\ninbound_peak_days = 0\n", "reasons.inbound_peak_days"),
        ('[planner]\nuse_solver = "yes"\n', "planner.use_solver: expected true or false"),
        ("[planner]\ntime_limit_s = -1\n", "planner.time_limit_s"),
        ("[planner]\nseed = 9223372036854775807\n", "planner.seed: must be at most 2147483647"),
        ("[planner]\ngap_minutes = -5\n", "planner.gap_minutes"),
        ("[planner]\nbogus = 1\n", r"\[planner\] has no key 'bogus'; known: caps, gap_minutes"),
        ("[planner]\ncaps = 5\n", r"\[planner.caps\]: expected a table"),
        ('[planner.caps]\n"linkedin.message" = true\n', "linkedin.message"),
        ('[planner.caps]\n"linkdin.message" = 5\n', "unknown platform or action"),
        ("[triage]\nbogus = 1\n", r"\[triage\] has no key 'bogus'"),
        ('[triage]\nnot_doing = "recruiting"\n', "triage.not_doing: expected a list"),
        ('[triage]\nfit_threshold = "0.5"\n', "triage.fit_threshold: expected a number"),
        ("[triage]\npersonal_min_strength = 7\n", "triage.personal_min_strength"),
        ("[followthrough]\nbogus = 1\n", r"\[followthrough\]: unknown key 'bogus'"),
        ("[followthrough]\ndue_hour = 25\n", "followthrough.due_hour: must be at most 23"),
        ("[followthrough]\ndue_hour = 17.9\n", "followthrough.due_hour: expected an integer"),
        ("[followthrough]\nweek_end_weekday = 9\n", "followthrough.week_end_weekday"),
        ("[followthrough.vague_days]\nasapp = 1\n", r"\[followthrough.vague_days\]: unknown key"),
        ('[followthrough.vague_days]\nsoon = "3"\n', "followthrough.vague_days.soon"),
        ("[followthrough.unanswered]\nafter_hours = 0\n", "followthrough.unanswered.after_hours"),
        ("[guard]\nbogus = 1\n", r"\[guard\] has no key 'bogus'; known: bands"),
        ("[guard]\nbands = 64\n", r"\[guard\]: bands\*rows"),
        ('[guard]\nnum_perm = "128"\n', "guard.num_perm: expected an integer"),
        ("[guard]\nwindow_days = -1\n", "guard.window_days"),
        ('[guard]\nlinkedin_premium = "no"\n', "guard.linkedin_premium: expected true or false"),
        (
            '[guard]\ngeneric_phrases = ["(unclosed"]\n',
            r"warmly.toml: guard.generic_phrases: '\(unclosed' is not a regex",
        ),
        ("[guard.rules]\nbogus = 1\n", r"\[guard.rules\] has no key 'bogus'"),
        ("[pacing.linkedin.invite]\nbogus = 1\n", "pacing.linkedin.invite.bogus: unknown key"),
        ('[pacing.linkedin.invite]\nspacing_s = "120"\n', "pacing.linkedin.invite.spacing_s"),
        ("[pacing.linkedin.invite]\nspacing_s = inf\n", "pacing.linkedin.invite.spacing_s"),
        ('[connectors.smtpp]\nhost = "h"\n', "connectors.smtpp: unknown connector"),
        (
            '[connectors.smtp]\nhost = "h"\nfrom_address = "a@b.c"\nusername = "me"\n',
            "connectors.smtp.password_env: needed when username is set",
        ),
        (
            '[connectors.smtp]\nhost = "h"\nfrom_address = "a@b.c"\nport = "587"\n',
            "connectors.smtp.port: should be a valid integer",
        ),
        (
            '[connectors.mastodon]\nbase_url = "x"\ntoken_env = "T"\n',
            "connectors.mastodon.base_url",
        ),
    ],
)
def test_a_mistake_is_refused_naming_the_file_and_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as err:
        _load(tmp_path, toml)
    text = str(err.value)
    assert text.startswith(f"{tmp_path / 'warmly.toml'}: ") and "\n" not in text
    assert "Input should" not in text and "Extra inputs" not in text  # pydantic's words


def test_a_connector_whose_secret_is_unset_loads(tmp_path: Path) -> None:
    # an unset variable means assisted mode, explained by `warmly send`, not an error
    _load(tmp_path, '[connectors.mastodon]\nbase_url = "https://m.example"\ntoken_env = "NOPE"\n')


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('[profile]\nname = "J\xe9r\xf4me"\n'.encode("latin-1"), "line 2: not UTF-8 text"),
        (b'[profile]\nname = "a"\nname = "b"\n', r"not valid TOML: .*line 3"),
        (b'{"profile": {}}', "not valid TOML"),
    ],
)
def test_a_file_that_is_not_toml_is_refused(tmp_path: Path, raw: bytes, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _load(tmp_path, raw)


def test_a_byte_order_mark_is_read_and_an_empty_file_is_the_defaults(tmp_path: Path) -> None:
    _load(tmp_path, b"")
    path = _load(tmp_path, '\ufeff[profile]\nname = "Jérôme"\n'.encode())
    assert load_settings(path).profile.name == "Jérôme"


def test_a_folder_named_warmly_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "warmly.toml").mkdir()
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "warmly.toml")


def test_the_cli_refuses_before_it_runs_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "warmly.toml").write_text("[guard]\nbogus = 1\n")
    run = subprocess.run(
        [sys.executable, "-m", "warmly", "plan", "--home", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == [
        f"warmly: {tmp_path / 'warmly.toml'}: [guard] has no key 'bogus'; known: "
        + run.stderr.split("known: ")[1].strip()
    ]
    assert not (tmp_path / "warmly.db").exists()  # refused before anything ran


@pytest.mark.parametrize("created", ['"2015-03-01"', "2015-03-01"])
def test_account_created_reads_as_a_string_or_a_toml_date(tmp_path: Path, created: str) -> None:
    _load(tmp_path, f"[pacing.linkedin]\naccount_created = {created}\n")


def test_a_misspelt_window_kind_is_refused(tmp_path: Path) -> None:
    toml = (
        "[pacing.linkedin.invite]\n"
        'windows = [{count = 5, per = "1d", kinds = ["invit"], source = "x"}]\n'
    )
    with pytest.raises(ConfigError, match="unknown kind 'invit'"):
        _load(tmp_path, toml)


@pytest.mark.parametrize("kind", ["accept", "invite", "email"])
def test_every_pacing_action_is_a_kind_a_window_may_count(tmp_path: Path, kind: str) -> None:
    # linkedin.accept is a pacing action like the others: a window may name it
    toml = (
        "[pacing.linkedin.accept]\n"
        f'windows = [{{count = 50, per = "1d", kinds = ["{kind}"], source = "mine"}}]\n'
    )
    _load(tmp_path, toml)


def test_the_window_kinds_are_the_shipped_policies_actions() -> None:
    import tomllib

    from warmly.pacing.policy import KINDS, defaults_text

    shipped = tomllib.loads(defaults_text())
    actions = {
        k
        for name, body in shipped.items()
        if name not in ("retry", "aliases")
        for k, v in body.items()
        if isinstance(v, dict)
    }
    assert actions == set(KINDS)
