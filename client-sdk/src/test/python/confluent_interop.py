"""Interoperability with Confluent's own Python client (python3-confluent-kafka, legacy Avro API).

consume <bootstrap> <registry-url> <topic> <count>
    Reads <count> records and decodes each value with Confluent's Avro deserializer (keys are plain
    trace ids, not Avro, so the value deserializer is used directly); prints each value as one JSON line.
produce <bootstrap> <registry-url> <topic> <schema-file> <count>
    Writes <count> predictions with Confluent's AvroProducer from the published .avsc file (no key:
    the legacy AvroProducer only writes Avro keys).
"""
import datetime
import json
import sys
import time

from confluent_kafka import Consumer, avro
from confluent_kafka.avro import AvroProducer, CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer


def consume(bootstrap, registry, topic, count):
    deserializer = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": "interop-" + str(time.time()),
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([topic])
    seen = 0
    deadline = time.time() + 60
    while seen < count and time.time() < deadline:
        message = consumer.poll(1.0)
        if message is None:
            continue
        if message.error():
            raise SystemExit("consumer error: %s" % message.error())
        print(json.dumps(deserializer.decode_message(message.value()), default=str), flush=True)
        seen += 1
    consumer.close()
    if seen < count:
        raise SystemExit("only %d of %d records arrived" % (seen, count))


def produce(bootstrap, registry, topic, schema_file, count):
    schema = avro.load(schema_file)
    producer = AvroProducer({"bootstrap.servers": bootstrap, "schema.registry.url": registry},
                            default_value_schema=schema)
    for i in range(count):
        producer.produce(topic=topic, value={
            "project": "interop",
            "traceId": "py-%d" % i,
            "model": "python-model",
            "modelVersion": "1",
            "eventTime": datetime.datetime.fromtimestamp((1795687200000 + i) / 1000, tz=datetime.timezone.utc),
            "tags": {"client": "python"},
            "features": [{"name": "x", "value": float(i)}, {"name": "plan", "value": "pro"}],
            "output": {"label": "yes", "scores": {"yes": 0.9, "no": 0.1}},
            "latencyMs": None,
            "validationTags": [],
        })
    producer.flush(30)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "consume":
        consume(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif mode == "produce":
        produce(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        raise SystemExit(__doc__)
