"""A Python client (Debian's python3-grpcio) against `povmon serve`.

Started on a free port, the server is asked through the message classes
protoc generated at build time: Evaluate for every example household (each
decision equal to `povmon eval`'s), EvaluateStream (one answer per household,
in order), Explain, Packs and a bad request; then through the standard
services: health checking, and server reflection, whose descriptors alone
(no generated code) are enough to build an EvaluateRequest and read the
answer.

usage: serve_client_test.py POVMON_CLI GENERATED_PYTHON_DIR SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

CLI, GENERATED, SOURCE = sys.argv[1:4]
del sys.argv[1:4]
sys.path.insert(0, GENERATED)

import grpc  # noqa: E402
from google.protobuf import descriptor_pb2, descriptor_pool, json_format  # noqa: E402
from google.protobuf import message_factory  # noqa: E402

from povmon.v1 import decision_pb2, household_pb2, population_pb2, service_pb2  # noqa: E402


def load_generated(path, name):
    """A module generated from the standard protos, by its file: under its
    own package name (grpc.health.v1) it would be looked for inside grpcio."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, os.path.join(GENERATED, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


health_pb2 = load_generated("grpc/health/v1/health_pb2.py", "health_pb2")
reflection_pb2 = load_generated("grpc/reflection/v1alpha/reflection_pb2.py", "reflection_pb2")

SERVICE = "/povmon.v1.PovmonService/"
HUNAN = os.path.join(SOURCE, "policies", "hunan-2024")
LINGSHOU = os.path.join(SOURCE, "policies", "lingshou-2024")
HOUSEHOLDS = os.path.join(SOURCE, "examples", "households", "hunan.jsonl")
AS_OF = "2024-11-30"


def unary(channel, method, request_class, response_class):
    return channel.unary_unary(SERVICE + method,
                               request_serializer=request_class.SerializeToString,
                               response_deserializer=response_class.FromString)


class ServeClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        port_file = os.path.join(cls.dir.name, "port")
        cls.err = open(os.path.join(cls.dir.name, "serve.err"), "w+")
        cls.server = subprocess.Popen(
            [CLI, "serve", "--policy", HUNAN, "--policy", LINGSHOU, "--listen", "127.0.0.1:0",
             "--port-file", port_file, "--workers", "2", "--shutdown-grace-ms", "300"],
            stderr=cls.err)
        deadline = time.time() + 60
        port = ""
        while time.time() < deadline and cls.server.poll() is None:
            if os.path.exists(port_file):
                port = open(port_file).read().strip()
                break
            time.sleep(0.02)
        if not port:
            cls.err.seek(0)
            raise RuntimeError("povmon serve did not start: " + cls.err.read())
        cls.channel = grpc.insecure_channel("127.0.0.1:" + port)
        # The example file's records that `povmon eval` decides (it carries
        # a few broken ones on purpose), with the program's decision.
        cli = subprocess.run([CLI, "eval", "--policy", HUNAN, "--as-of", AS_OF, HOUSEHOLDS],
                             capture_output=True)
        cls.lines = []
        for line, output in zip(open(HOUSEHOLDS, encoding="utf-8").read().splitlines(),
                                cli.stdout.decode().splitlines()):
            if "error" in json.loads(output):
                continue
            request = service_pb2.EvaluateRequest(pack="hunan-2024", as_of=AS_OF)
            json_format.Parse(line, request.household)
            cls.lines.append((line, request, output))

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.server.terminate()
        code = cls.server.wait(timeout=30)
        cls.err.close()
        cls.dir.cleanup()
        assert code == 0, "povmon serve exited %d" % code

    def test_evaluate_decides_as_povmon_eval_does(self):
        evaluate = unary(self.channel, "Evaluate", service_pb2.EvaluateRequest,
                         service_pb2.EvaluateResponse)
        self.assertGreater(len(self.lines), 20)
        for line, request, cli_line in self.lines:
            response = evaluate(request, timeout=30)
            decision = decision_pb2.Decision()
            json_format.Parse(cli_line, decision)
            self.assertEqual(response.decision, decision, request.household.id)
            self.assertEqual(response.revision, decision.pack_revision)
            self.assertEqual(response.pack, "hunan-2024")

    def test_stream_answers_each_household_in_order(self):
        stream = self.channel.stream_stream(
            SERVICE + "EvaluateStream",
            request_serializer=service_pb2.EvaluateRequest.SerializeToString,
            response_deserializer=service_pb2.EvaluateResponse.FromString)
        requests = []
        for i, (_, request, _) in enumerate(self.lines * 3):
            r = service_pb2.EvaluateRequest()
            r.CopyFrom(request)
            r.request_id = "py-%d" % i
            requests.append(r)
        requests[7].as_of = "2024-02-30"
        responses = list(stream(iter(requests), timeout=60))
        self.assertEqual(len(responses), len(requests))
        for i, (request, response) in enumerate(zip(requests, responses)):
            self.assertEqual(response.request_id, "py-%d" % i)
            if i == 7:
                self.assertEqual(response.WhichOneof("result"), "error")
                self.assertEqual(response.error.status, "INVALID_ARGUMENT")
                self.assertEqual(response.error.field, "as_of")
                continue
            self.assertEqual(response.decision.household_id, request.household.id)

    def test_explain_and_packs(self):
        explain = unary(self.channel, "Explain", service_pb2.ExplainRequest,
                        service_pb2.ExplainResponse)
        request = service_pb2.ExplainRequest(pack="hunan-2024", as_of=AS_OF)
        request.household.CopyFrom(self.lines[0][1].household)
        response = explain(request, timeout=30)
        self.assertEqual(response.language, "zh-Hans")
        self.assertIn(request.household.id, response.text)
        self.assertIn("Plan 4", response.text)
        self.assertEqual(response.decision.trace[0].rule_id != "", True)
        packs = unary(self.channel, "Packs", service_pb2.PacksRequest,
                      service_pb2.PacksResponse)(service_pb2.PacksRequest(), timeout=30)
        self.assertEqual([p.id for p in packs.packs], ["hunan-2024", "lingshou-2024"])
        self.assertEqual(packs.packs[0].revision, response.revision)

    def test_summarize_equals_povmon_eval_summary(self):
        # The lines a client can send (those that parse as a Household), one
        # of them with an impossible date that neither decides.
        lines = []
        with open(HOUSEHOLDS, encoding="utf-8") as f:
            every = f.read().splitlines()
        for line in every:
            try:
                json_format.Parse(line, service_pb2.SummarizeRequest().household)
            except json_format.ParseError:
                continue
            lines.append(line)
        path = os.path.join(self.dir.name, "sent.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        summary_path = os.path.join(self.dir.name, "summary.json")
        cli = subprocess.run([CLI, "eval", "--policy", HUNAN, "--as-of", AS_OF, "--summary",
                              summary_path, "--seed", "7", path], capture_output=True)
        self.assertEqual(cli.returncode, 2, cli.stderr)  # some lines not decided
        expected = population_pb2.PopulationReport()
        with open(summary_path, encoding="utf-8") as f:
            json_format.Parse(f.read(), expected)

        def requests():
            for i, line in enumerate(lines):
                r = service_pb2.SummarizeRequest()
                if i == 0:
                    r.pack, r.as_of, r.sample_seed = "hunan-2024", AS_OF, 7
                json_format.Parse(line, r.household)
                yield r
        summarize = self.channel.stream_unary(
            SERVICE + "Summarize",
            request_serializer=service_pb2.SummarizeRequest.SerializeToString,
            response_deserializer=service_pb2.SummarizeResponse.FromString)
        response = summarize(requests(), timeout=60)
        self.assertEqual(response.report, expected)
        self.assertEqual(response.decided + response.not_decided, len(lines))
        self.assertGreater(response.not_decided, 0)
        self.assertEqual(response.errors[0].error.status, "INVALID_ARGUMENT")

    def test_a_bad_request_names_its_field(self):
        evaluate = unary(self.channel, "Evaluate", service_pb2.EvaluateRequest,
                         service_pb2.EvaluateResponse)
        request = service_pb2.EvaluateRequest()
        request.CopyFrom(self.lines[0][1])
        request.household.members[0].birth_date = "1966-13-01"
        with self.assertRaises(grpc.RpcError) as caught:
            evaluate(request, timeout=30)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertTrue(caught.exception.details().startswith(
            "household.members[0].birth_date: "), caught.exception.details())

    def test_health(self):
        check = self.channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        for name in ("", "povmon.v1.PovmonService"):
            self.assertEqual(check(health_pb2.HealthCheckRequest(service=name), timeout=30).status,
                             health_pb2.HealthCheckResponse.SERVING)
        with self.assertRaises(grpc.RpcError) as caught:
            check(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=30)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_reflection_is_enough_to_call_the_service(self):
        reflect = self.channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection_pb2.ServerReflectionRequest.SerializeToString,
            response_deserializer=reflection_pb2.ServerReflectionResponse.FromString)
        listed, found = list(reflect(iter([
            reflection_pb2.ServerReflectionRequest(list_services=""),
            reflection_pb2.ServerReflectionRequest(
                file_containing_symbol="povmon.v1.PovmonService")]), timeout=30))
        names = {s.name for s in listed.list_services_response.service}
        self.assertLessEqual({"povmon.v1.PovmonService", "grpc.health.v1.Health",
                              "grpc.reflection.v1alpha.ServerReflection"}, names)
        # The file and everything it imports, from the server alone.
        pool = descriptor_pool.DescriptorPool()
        files = {}
        for blob in found.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(blob)
            files[proto.name] = proto
        self.assertIn("povmon/v1/service.proto", files)
        added = set()

        def add(name):
            if name in added:
                return
            for dependency in files[name].dependency:
                add(dependency)
            pool.Add(files[name])
            added.add(name)
        for name in files:
            add(name)
        method = pool.FindServiceByName("povmon.v1.PovmonService").FindMethodByName("Evaluate")
        factory = message_factory.MessageFactory(pool)
        request_class = factory.GetPrototype(method.input_type)
        response_class = factory.GetPrototype(method.output_type)
        request = request_class(pack="hunan-2024", as_of=AS_OF)
        json_format.Parse(self.lines[0][0], request.household)
        response = unary(self.channel, "Evaluate", request_class, response_class)(request,
                                                                                  timeout=30)
        generated = unary(self.channel, "Evaluate", service_pb2.EvaluateRequest,
                          service_pb2.EvaluateResponse)(self.lines[0][1], timeout=30)
        self.assertEqual(response.decision.SerializeToString(deterministic=True),
                         generated.decision.SerializeToString(deterministic=True))
        self.assertEqual(json_format.MessageToDict(response.decision)["identification"]["category"],
                         household_pb2.Category.Name(generated.decision.identification.category))


if __name__ == "__main__":
    unittest.main(verbosity=2)
