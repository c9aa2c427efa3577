"""The cutover certificate: which runs certify, and which certificates are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_support import copy_scenarios, drift_verdict, pass_verdict

from harness.compare.verdict import Outcome, Verdict
from harness.report.certificate import (
    CertificateRefused,
    ItemRecord,
    build_certificate,
    check_certificate,
    write_certificate,
)
from harness.report.cli import certify
from harness.report.merge import merge_certificate
from harness.report.run_facts import RunFacts, SessionStamp

FACTS = RunFacts("local", "none", "local", {"azureml-core": "1.61.0", "azure-ai-ml": "1.35.2"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with a faithful spec-only scenario and a known-bad one borrowing from another."""
    copy_scenarios(tmp_path, "pytorch-distributed", "drift-wrong-alpha", "sklearn-diabetes")
    return tmp_path


def file_of(root: Path, name: str) -> Path:
    return root / "scenarios" / name / "scenario.yaml"


def all_met(root: Path) -> list[ItemRecord]:
    """The diabetes items left out: they are removed from disk in these tests' projects."""
    return [
        ItemRecord(file_of(root, "pytorch-distributed"), "spec", "passed",
                   pass_verdict("pytorch-distributed")),
        ItemRecord(file_of(root, "drift-wrong-alpha"), "spec", "passed",
                   drift_verdict("drift-wrong-alpha", "spec", expect="drift")),
        ItemRecord(file_of(root, "drift-wrong-alpha"), "run", "passed",
                   drift_verdict("drift-wrong-alpha", "run", expect="drift")),
    ]


def certificate_for(root: Path, records: list[ItemRecord]) -> dict:
    (root / "scenarios" / "sklearn-diabetes" / "scenario.yaml").unlink()  # keep v1_job.py only
    evidence = root / "reports" / "evidence" / "drift-wrong-alpha" / "spec"
    evidence.mkdir(parents=True, exist_ok=True)
    (evidence / "spec.json").write_text("{}")
    return build_certificate(root, root / "reports", FACTS, records)


def test_every_item_meeting_its_expectation_certifies(root: Path) -> None:
    certificate = certificate_for(root, all_met(root))
    assert certificate["certified"] is True
    alpha = certificate["scenarios"]["drift-wrong-alpha"]
    assert alpha["items"]["spec"]["outcome"] == "DRIFT"
    assert alpha["items"]["spec"]["meets_expectation"] is True  # expect: drift, drift found
    assert alpha["items"]["spec"]["evidence_files"] == {
        "reports/evidence/drift-wrong-alpha/spec/spec.json":
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}
    assert alpha["tolerances"]["metrics"]["last_only"] == ["train_rmse"]
    assert "scenarios/sklearn-diabetes/v1_job.py" in alpha["scenario_files"]  # borrowed
    assert certificate["sdk"]["azure-ai-ml"] == "1.35.2"
    assert check_certificate(certificate, root).passed


@pytest.mark.parametrize("change", ["drift", "broken", "not run"])
def test_one_item_missing_its_expectation_withholds_the_certificate(
    root: Path, change: str
) -> None:
    records = all_met(root)
    if change == "drift":
        records[0] = ItemRecord(records[0].scenario_file, "spec", "failed",
                                drift_verdict("pytorch-distributed", "spec"), "DRIFT, 1 diff")
    elif change == "broken":
        records[0] = ItemRecord(records[0].scenario_file, "spec", "error", Verdict(
            "pytorch-distributed", "spec", Outcome.BROKEN, [], "parity", "v1 raised"))
    else:
        records.pop(2)
    certificate = certificate_for(root, records)
    assert certificate["certified"] is False
    check = check_certificate(certificate, root)
    assert not check.passed
    assert any(line.startswith("FAIL") for line in check.lines)


def test_cassettes_are_pinned_by_digest(root: Path) -> None:
    cassettes = root / "cassettes" / "drift-wrong-alpha"
    cassettes.mkdir(parents=True)
    (cassettes / "run-v1.yaml").write_text("interactions: []\n")
    certificate = certificate_for(root, all_met(root))
    assert list(certificate["scenarios"]["drift-wrong-alpha"]["cassettes"]) == [
        "cassettes/drift-wrong-alpha/run-v1.yaml"]
    (cassettes / "run-v1.yaml").write_text("interactions: [changed]\n")
    with pytest.raises(CertificateRefused, match="cassettes changed since the run"):
        check_certificate(certificate, root)


def test_a_scenario_edited_after_the_run_is_refused(root: Path) -> None:
    certificate = certificate_for(root, all_met(root))
    job = root / "scenarios" / "sklearn-diabetes" / "v1_job.py"
    job.write_text(job.read_text() + "\n# edited\n")
    with pytest.raises(CertificateRefused, match=r"drift-wrong-alpha: scenario files changed "
                                                 r"since the run \(edited scenarios/sklearn"):
        check_certificate(certificate, root)


def test_require_selects_scenarios_by_glob_and_a_new_scenario_was_not_run(root: Path) -> None:
    records = [r for r in all_met(root) if "alpha" in str(r.scenario_file)]
    certificate = certificate_for(root, records)
    assert check_certificate(certificate, root, ["drift-*"]).passed
    everything = check_certificate(certificate, root, ["all"])
    assert not everything.passed
    assert "FAIL pytorch-distributed: not run in the certified sessions" in everything.lines
    with pytest.raises(CertificateRefused, match="no scenario matches"):
        check_certificate(certificate, root, ["nothing-*"])


def test_certify_exit_codes(root: Path) -> None:
    reports = root / "reports"
    write_certificate(reports, certificate_for(root, all_met(root)))
    runner = CliRunner()
    ok = runner.invoke(certify, ["--reports", str(reports)])
    assert ok.exit_code == 0, ok.output
    assert "ok   drift-wrong-alpha: spec DRIFT (expect drift), run DRIFT" in ok.output
    assert "certified: target local" in ok.output

    data = json.loads((reports / "certificate.json").read_text())
    data["scenarios"]["pytorch-distributed"]["certified"] = False
    (reports / "certificate.json").write_text(json.dumps(data))
    assert runner.invoke(certify, ["--reports", str(reports)]).exit_code == 1
    assert runner.invoke(certify, ["--reports", str(reports), "--require", "drift-*"]
                         ).exit_code == 0

    (root / "scenarios" / "pytorch-distributed" / "job.yml").write_text("changed: true\n")
    refused = runner.invoke(certify, ["--reports", str(reports)])
    assert refused.exit_code == 2
    assert "REFUSED" in refused.output and "pytorch-distributed" in refused.output
    missing = runner.invoke(certify, ["--reports", str(root / "elsewhere")])
    assert missing.exit_code == 2 and "no certificate" in missing.output


def test_a_run_of_some_scenarios_names_the_others_and_does_not_certify(root: Path) -> None:
    certificate = certificate_for(root, all_met(root)[:1])  # pytorch-distributed alone
    assert certificate["certified"] is False
    assert certificate["not_run"] == ["drift-wrong-alpha"]
    assert certificate["scenarios"]["pytorch-distributed"]["certified"] is True


def test_certify_says_what_differs_for_a_failing_item(root: Path) -> None:
    records = all_met(root)
    records[2] = ItemRecord(file_of(root, "drift-wrong-alpha"), "run", "failed",
                            drift_verdict("drift-wrong-alpha", "run", expect="parity"))
    result = check_certificate(certificate_for(root, records), root, ["drift-wrong-alpha"])
    assert not result.passed
    assert "run DRIFT ✗: `train_rmse`: 54.4 → 77.5" in result.lines[0]


def test_an_item_not_run_keeps_its_earlier_result_while_its_scenario_is_unchanged(
    root: Path,
) -> None:
    first, second = SessionStamp.new(), SessionStamp("second", "2026-12-04T11:00:00+00:00")
    certificate_for(root, all_met(root))  # the evidence on disk
    earlier = build_certificate(root, root / "reports", FACTS, all_met(root), first)
    spec_only = [r for r in all_met(root) if r.evidence == "spec"]
    merged = merge_certificate(earlier, build_certificate(
        root, root / "reports", FACTS, spec_only, second), root)
    alpha = merged.certificate["scenarios"]["drift-wrong-alpha"]
    assert alpha["items"]["run"]["session"] == first.to_dict()
    assert alpha["items"]["spec"]["session"] == second.to_dict()
    assert merged.certificate["certified"] is True
    assert merged.kept == {"drift-wrong-alpha::run": first}

    job = root / "scenarios" / "sklearn-diabetes" / "v1_job.py"  # borrowed by drift-wrong-alpha
    job.write_text(job.read_text() + "\n# edited\n")
    merged = merge_certificate(earlier, build_certificate(
        root, root / "reports", FACTS, spec_only, second), root)
    alpha = merged.certificate["scenarios"]["drift-wrong-alpha"]
    assert alpha["items"]["run"]["outcome"] == "NOT RUN"
    assert merged.certificate["certified"] is False


def test_results_of_other_sdk_versions_are_dropped_and_said_so(root: Path) -> None:
    upgraded = RunFacts("local", "none", "local",
                        {"azureml-core": "1.61.0", "azure-ai-ml": "1.36.0"})
    earlier = certificate_for(root, all_met(root))
    alone = [r for r in all_met(root) if "alpha" in str(r.scenario_file)]
    merged = merge_certificate(earlier, build_certificate(
        root, root / "reports", upgraded, alone), root)
    assert set(merged.certificate["scenarios"]) == {"drift-wrong-alpha"}
    assert merged.certificate["not_run"] == ["pytorch-distributed"]
    [line] = merged.notes("reports/")
    assert line.startswith("reports/: dropped the results of pytorch-distributed from the "
                           "session of ")
    assert line.endswith(": the SDKs changed since (azure-ai-ml 1.35.2 -> 1.36.0)")
