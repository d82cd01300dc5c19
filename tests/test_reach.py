"""What a change reaches (issue 27, item 1): for a user's file and for a parameter, the jobs it reaches and why,
read from the pipeline's own dependency information; ``status`` shows it without running anything."""

from __future__ import annotations

from compute_limits.pipeline.reach import page_variants, reaches, summary
from compute_limits.pipeline.registry import load_jobs
from conftest import cli, copy_repo


def test_a_users_imagenet_file_reaches_coco_through_its_pooled_conversion(tmp_path):
    user = tmp_path / "imagenet.csv"
    jobs = load_jobs(None, {"imagenet": str(user)})
    (r,) = reaches(jobs, {"imagenet": str(user)})
    why = {h.job: h.why for h in r.reached}
    assert why["benchmark:imagenet"] == "its data"
    assert why["benchmark:coco"] == "compute conversion pooled with imagenet"  # benchmarks.toml's declaration
    assert "benchmark:squad" not in why and "benchmark:squad" in r.rerun_only  # it reads the file, does not use it
    assert why["claims"].startswith("uses the results of") and why["reproducibility"] == "records what every chapter ran on"
    reading = {j.id for j in jobs if "imagenet" in j.inputs and not j.id.startswith("benchmark:")}
    assert reading <= set(why)  # every chapter that reads ImageNet
    notices = page_variants([r])
    assert notices["benchmark:coco"][0]["file_name"] == "imagenet.csv"
    lines = summary([r])
    assert f"  imagenet = {user} (instead of data/raw/mit-futuretech/" in lines[1]
    assert any("benchmark:coco" in line and "compute conversion pooled with imagenet" in line for line in lines)


def test_a_parameter_reaches_the_chapters_that_have_it_and_their_readers():
    jobs = load_jobs(["theory.replications=20", "metrics.coco=box_ap"], {})
    assert [r.change.name for r in reaches(jobs)] == ["replications"]  # box_ap is COCO's default metric
    (r,) = reaches(jobs)
    why = {h.job: h.why for h in r.reached}
    assert why["theory"] == "its parameter replications" and "benchmark:imagenet" not in why
    assert "theory" in why["claims"]
    jobs = load_jobs(["metrics.imagenet=top5"], {})
    (r,) = reaches(jobs)
    why = {h.job: h.why for h in r.reached}
    assert why["benchmark:imagenet"] == "its parameter metrics" and "benchmark:coco" not in why
    assert reaches(load_jobs(None, {})) == []  # the published edition changes nothing


def test_status_shows_the_reach_without_running(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    user = tmp_path / "imagenet.csv"
    user.write_text("model,date,score,compute\n")  # status reads no data: it is not even validated
    out = cli(repo, "status", "-d", f"imagenet={user}").stdout
    assert "this build changes, from the published edition:" in out
    assert "benchmark:coco" in out and "compute conversion pooled with imagenet" in out
    assert not (repo / "_build" / "results").exists() and not list((repo / "chapters").rglob("*.ipynb"))
