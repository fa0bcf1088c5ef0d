"""The GitHub step's verdicts as the pure function they are: facts in, findings out."""

from __future__ import annotations

from datetime import datetime, timezone

from tui.github.facts import CodespaceFacts, GithubFacts, GithubSecret, RepoFacts, Unasked
from tui.github.verdicts import Here, verdicts, withheld_reason
from tui.model import Severity

START = datetime(2026, 11, 27, 8, 30, tzinfo=timezone.utc)
EARLIER = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
LATER = datetime(2026, 11, 27, 9, 5, tzinfo=timezone.utc)
HERE_NOTHING = Here(True, frozenset(), "cs-1")


def facts(secrets: list[GithubSecret], **repo) -> GithubFacts:
    made = GithubFacts("acme/app", secrets=secrets)
    made.repo = RepoFacts("acme/app", 1, repo.pop("visibility", "private"), owner="acme",
                          owner_type="Organization", **repo)
    made.codespace = CodespaceFacts("cs-1", START)
    return made


def secret(field: str, level: str = "user", granted: bool | None = True,
           updated: datetime = EARLIER, name: str | None = None) -> GithubSecret:
    return GithubSecret(name or f"ACR_CONTAINER_REGISTRY_{field}", level, "ACR", field,  # type: ignore[arg-type]
                        owner="acme" if level == "organization" else "", visibility="selected",
                        updated_at=updated, granted=granted, grant_note="note")


def codes(found) -> list[str]:
    return [f.code for f in found]


def test_a_refused_user_secret_covered_at_repository_level_is_no_error():
    found = verdicts(facts([secret("USER", granted=False), secret("USER", "repository")]),
                     Here(True, frozenset({"ACR_CONTAINER_REGISTRY_USER"})))
    assert found == []


def test_not_granted_but_reached_anyway_is_a_warning():
    found = verdicts(facts([secret("PASSWORD", granted=False)]),
                     Here(True, frozenset({"ACR_CONTAINER_REGISTRY_PASSWORD"})))
    assert codes(found) == ["SECRET_NOT_GRANTED"] and found[0].severity is Severity.WARNING


def test_an_unknown_grant_never_claims_only_on_github():
    assert verdicts(facts([secret("SERVER", granted=None)]), HERE_NOTHING) == []


def test_a_404_alone_never_reports_a_secret_missing():
    made = facts([])
    made.unasked = [Unasked("user secrets", "404: missing or not visible to this token",
                            "not-visible", "codespace:secrets")]
    found = verdicts(made, HERE_NOTHING)
    assert codes(found) == ["GITHUB_TOKEN_SCOPE"]
    assert "missing or not visible" in found[0].detail


def test_withheld_and_reached_anyway_is_only_a_note():
    found = verdicts(facts([secret("SERVER")], push=False),
                     Here(True, frozenset({"ACR_CONTAINER_REGISTRY_SERVER"})))
    assert codes(found) == ["SECRETS_WITHHELD"] and found[0].severity is Severity.INFO


def test_a_fork_without_a_pull_request_is_not_withheld():
    made = facts([], fork=True)
    assert withheld_reason(made) is None


def test_outside_a_codespace_neither_reach_nor_restart_is_judged():
    found = verdicts(facts([secret("SERVER", updated=LATER)]), Here(False, frozenset()))
    assert found == []


def test_changed_after_start_compares_with_last_used_at():
    found = verdicts(facts([secret("SERVER", updated=LATER), secret("USER")]), HERE_NOTHING)
    assert codes(found) == ["SECRET_CHANGED_AFTER_START"]
    assert "ACR_CONTAINER_REGISTRY_SERVER" in found[0].detail
    assert "ACR_CONTAINER_REGISTRY_USER" not in found[0].detail


def test_an_organization_secret_not_granted_is_for_an_organization_owner():
    refused = [secret(f, level="organization", granted=False)
               for f in ("SERVER", "USER", "PASSWORD")]
    [found] = [f for f in verdicts(facts(refused), HERE_NOTHING)
               if f.code == "SECRET_NOT_GRANTED"]
    assert found.actor == "organization-owner"
    user_refused = [secret(f, granted=False) for f in ("SERVER", "USER", "PASSWORD")]
    [mine] = [f for f in verdicts(facts(user_refused), HERE_NOTHING)
              if f.code == "SECRET_NOT_GRANTED"]
    assert mine.actor == "you"


def test_withheld_for_lack_of_write_access_names_the_missing_admin_right():
    found = verdicts(facts([secret("SERVER")], push=False, admin=False), HERE_NOTHING)
    [withheld] = [f for f in found if f.code == "SECRETS_WITHHELD"]
    assert withheld.actor == "repository-admin"
    assert "You are not an admin of acme/app" in withheld.detail


def test_a_set_given_with_env_file_has_reached_the_codespace(tmp_path):
    from tests.helpers import make_options
    from tui.checks.diagnosis import Diagnosis
    from tui.checks.github import here

    options = make_options(tmp_path, env={"CODESPACES": "true", "CODESPACE_NAME": "cs-1"},
                           env_file="ACR_CONTAINER_REGISTRY_SERVER=myco.azurecr.io\n"
                                    "ACR_CONTAINER_REGISTRY_USER=puller\n"
                                    "ACR_CONTAINER_REGISTRY_PASSWORD=s3cret-value-x\n")
    diagnosis = Diagnosis(options)
    diagnosis.prime()
    reached = here(diagnosis)
    assert "ACR_CONTAINER_REGISTRY_PASSWORD" in reached.names
    changed = [secret(f, updated=LATER) for f in ("SERVER", "USER", "PASSWORD")]
    found = verdicts(facts(changed), reached)
    assert "SECRET_ONLY_ON_GITHUB" not in codes(found)
    [late] = [f for f in found if f.code == "SECRET_CHANGED_AFTER_START"]
    assert late.severity is Severity.WARNING  # reached: the earlier values are in use
