"""The Python module: records with the layers' fields, and shards run and merged from Python that
give the bytes of `mawqi run`. Usage: python_test.py BUILD_DIR SOURCE_DIR"""
import filecmp
import os
import subprocess
import sys
import tempfile
import unittest

BUILD, SOURCE = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(BUILD, "python"))
import mawqi  # noqa: E402

MAWQI = os.path.join(BUILD, "mawqi")
EXAMPLES = os.path.join(SOURCE, "examples")
LAYERS = ("mentions.geojson", "incidents.geojson", "handovers.geojson")


def same_layers(a, b):
    return all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False) for f in LAYERS)


class Module(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m = mawqi.Mawqi()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        subprocess.run([MAWQI, "run", "-q", "--in", EXAMPLES, "--out", os.path.join(cls.dir, "single")], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_an_article_gives_records_with_the_layers_fields(self):
        r = self.m.process({"id": "a", "lang": "en", "date": "2021-03-04",
                            "text": "Two rockets struck Camp Taji north of Baghdad on Wednesday."})
        self.assertEqual(r["id"], "a")
        taji = [x for x in r["mentions"] if x["place_id"] == "mq:camp-taji"]
        self.assertEqual(len(taji), 1)
        self.assertEqual(taji[0]["text"], "Camp Taji")
        self.assertEqual(taji[0]["kind"], "military_base")
        self.assertAlmostEqual(taji[0]["lat"], 33.53, places=1)
        (event,) = r["events"]
        self.assertEqual(event["event_type"], "incident")
        self.assertEqual(event["sub_event_type"], "rocket_attack")
        self.assertEqual(event["event_date"], "2021-03-03")
        self.assertEqual(event["munitions_count"], 2)
        self.assertEqual(event["source_ids"], ["a"])

    def test_a_bad_article_is_a_value_error_naming_the_field(self):
        with self.assertRaisesRegex(ValueError, "text: expected a string"):
            self.m.process({"id": "a", "text": 5})

    def test_shards_run_and_merged_from_python_are_the_single_run(self):
        shards = mawqi.plan([EXAMPLES], 3)
        self.assertEqual(len(shards), 3)
        parts = []
        for k, shard in enumerate(shards):
            parts.append(os.path.join(self.dir, "py-%d.part" % k))
            summary = self.m.run_shard(shard, parts[-1], jobs=2, position=(mawqi.plan_digest(shards), k, 3))
            self.assertGreater(summary["articles"], 0)
        merged = self.m.merge(parts, out=os.path.join(self.dir, "py-merged"))
        self.assertEqual(merged["articles"], 8)
        self.assertTrue(same_layers(os.path.join(self.dir, "single"), os.path.join(self.dir, "py-merged")))
        # A partial from the module and one from the command merge together, either way.
        subprocess.run([MAWQI, "run", "-q", "--plan", self.plan_file(shards), "--shard", "1", "--partial",
                        os.path.join(self.dir, "cli-1.part")], check=True)
        mixed = [parts[0], os.path.join(self.dir, "cli-1.part"), parts[2]]
        subprocess.run([MAWQI, "merge", "-q", *mixed, "--out", os.path.join(self.dir, "cli-merged")], check=True)
        self.assertTrue(same_layers(os.path.join(self.dir, "single"), os.path.join(self.dir, "cli-merged")))
        with self.assertRaisesRegex(ValueError, "give the partials in shard order"):
            self.m.merge([parts[1], parts[0], parts[2]], out=os.path.join(self.dir, "disorder"))

    def test_partials_of_other_weights_are_refused(self):
        part = os.path.join(self.dir, "w.part")
        self.m.run_shard([EXAMPLES], part)
        other = mawqi.Mawqi(weights=["capital=0.5"])
        self.assertNotEqual(other.fingerprint, self.m.fingerprint)
        with self.assertRaisesRegex(ValueError, "fingerprint: made with another gazetteer"):
            other.merge([part], out=os.path.join(self.dir, "refused"))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "refused", "mentions.geojson")))

    def plan_file(self, shards):
        import json
        path = os.path.join(self.dir, "plan.json")
        with open(path, "w") as f:
            json.dump({"mawqi_plan": 1, "shards": shards}, f)
        return path


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)
