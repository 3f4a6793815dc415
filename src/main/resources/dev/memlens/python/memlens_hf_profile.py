#!/usr/bin/env python3
"""MemLens transformers profiler.

Loads a causal LM (real weights, or random weights built from config.json with no download),
runs generate(), and prints one JSON object per line on stdout:

  {"event":"environment", ...}          versions and the device
  {"event":"phase","phase":"loading"|"weights_loaded"|"prefill"|"generated"|"freed", ...}
  {"event":"model", ...}                parameter count, dtype, config summary
  {"event":"done", ...}                 success summary (exit 0)
  {"event":"error","kind":..., "message":..., "fix":...}   on failure (non-zero exit)

Every phase event carries the torch allocator figures in bytes, with the same meaning as
torch.cuda.memory_allocated / memory_reserved / max_memory_allocated:
  allocated, reserved, max_allocated (peak since the process started),
  phase_max_allocated (peak since the weights were loaded: generate's own peak).
Human-readable text goes to stderr only, so stdout stays machine-readable.
"""
import argparse
import gc
import json
import os
import sys
import time
import traceback

EXIT_ERROR = 1
EXIT_MISSING_MODULE = 3
EXIT_NO_CUDA = 4
EXIT_OOM = 5
EXIT_MODEL_NOT_FOUND = 6

PIP_NAMES = {"torch": "torch", "transformers": "transformers", "accelerate": "accelerate"}
START = time.time()
ALLOCATOR = []  # set once CUDA is up, so an error line can carry the allocator figures at the failure


def emit(event, **fields):
    record = {"event": event}
    record.update(fields)
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def fail(kind, message, exit_code, **extra):
    if ALLOCATOR:
        try:
            extra.update(ALLOCATOR[0].figures())
        except Exception:  # the device may be unusable after the failure
            pass
    emit("error", kind=kind, message=message, **extra)
    sys.exit(exit_code)


class JsonArgumentParser(argparse.ArgumentParser):
    """Reports a usage error as a JSON error line too, so the caller never has to parse argparse's text."""

    def error(self, message):
        self.print_usage(sys.stderr)
        fail("bad_argument", "Invalid profiler arguments: %s" % message, 2, fix="see memlens_hf_profile.py --help")


def parse_args(argv):
    p = JsonArgumentParser(description="MemLens transformers memory profiler (JSON lines on stdout)")
    p.add_argument("model", nargs="?", help="model directory or Hugging Face id")
    p.add_argument("--model", dest="model_flag", help="same as the positional model (original script's flag)")
    p.add_argument("--random-weights", action="store_true",
                   help="build the model from config.json with random weights (no weight download)")
    p.add_argument("--dtype", default="auto", choices=["auto", "float16", "bfloat16", "float32"])
    p.add_argument("--batch-size", type=int, default=1)
    p.add_argument("--input-len", type=int, default=None,
                   help="random prompt token ids of this length (no tokenizer needed)")
    p.add_argument("--prompt", default=None, help="prompt text (needs a tokenizer); default 'Hello, how are you?'")
    p.add_argument("--max-new-tokens", "--max-tokens", dest="max_new_tokens", type=int, default=100)
    p.add_argument("--device", default="cuda", help="CUDA device, e.g. cuda or cuda:1")
    p.add_argument("--trust-remote-code", action="store_true")
    args = p.parse_args(argv)
    args.model = args.model_flag or args.model
    if not args.model:
        p.error("a model directory or id is required (positional or --model)")
    if args.batch_size < 1 or args.max_new_tokens < 1 or (args.input_len is not None and args.input_len < 1):
        p.error("--batch-size, --input-len and --max-new-tokens must be positive")
    return args


def import_or_fail(name):
    try:
        return __import__(name)
    except ImportError as e:
        fail("missing_module",
             "Python module '%s' is not installed for %s (%s)" % (name, sys.executable, e),
             EXIT_MISSING_MODULE, module=name,
             fix="%s -m pip install %s" % (sys.executable, PIP_NAMES.get(name, name)))


class Allocator:
    """Reads the torch CUDA caching allocator's counters for one device."""

    def __init__(self, torch, device):
        self.torch = torch
        self.device = device
        self.load_peak = 0

    def reset_phase_peak(self):
        self.load_peak = max(self.load_peak, self.torch.cuda.max_memory_allocated(self.device))
        self.torch.cuda.reset_peak_memory_stats(self.device)

    def figures(self):
        cuda = self.torch.cuda
        cuda.synchronize(self.device)
        phase_max = cuda.max_memory_allocated(self.device)
        return {
            "allocated": cuda.memory_allocated(self.device),
            "reserved": cuda.memory_reserved(self.device),
            "max_allocated": max(self.load_peak, phase_max),
            "phase_max_allocated": phase_max,
        }


def phase(allocator, name, **fields):
    record = {"phase": name, "t": time.time(), "elapsed_s": round(time.time() - START, 6)}
    record.update(allocator.figures())
    record.update(fields)
    emit("phase", **record)


def resolve_dtype(torch, name):
    return None if name == "auto" else getattr(torch, name)


def config_summary(config):
    keys = ["model_type", "architectures", "hidden_size", "intermediate_size", "num_hidden_layers",
            "num_attention_heads", "num_key_value_heads", "head_dim", "vocab_size",
            "max_position_embeddings", "tie_word_embeddings"]
    summary = {}
    for key in keys:
        value = getattr(config, key, None)
        if value is not None:
            summary[key] = value
    return summary


def load_model(transformers, torch, args, dtype):
    auto_config = transformers.AutoConfig
    auto_model = transformers.AutoModelForCausalLM
    try:
        config = auto_config.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    except (OSError, ValueError) as e:
        fail("model_not_found", "Cannot read the model config for '%s': %s" % (args.model, e),
             EXIT_MODEL_NOT_FOUND,
             fix="pass a directory that holds config.json, or a Hugging Face id reachable from this machine")
    if args.random_weights:
        # Built directly on the GPU: no weights are read and host memory stays small.
        with torch.device(args.device):
            try:
                model = auto_model.from_config(config, dtype=dtype or config_dtype(torch, config),
                                               trust_remote_code=args.trust_remote_code)
            except TypeError:  # transformers < 4.56 names it torch_dtype
                model = auto_model.from_config(config, torch_dtype=dtype or config_dtype(torch, config),
                                               trust_remote_code=args.trust_remote_code)
    else:
        kwargs = dict(device_map={"": args.device}, low_cpu_mem_usage=True, trust_remote_code=args.trust_remote_code)
        try:
            model = auto_model.from_pretrained(args.model, dtype=dtype or "auto", **kwargs)
        except TypeError:
            model = auto_model.from_pretrained(args.model, torch_dtype=dtype or "auto", **kwargs)
        except OSError as e:
            fail("model_not_found", "Cannot load weights for '%s': %s" % (args.model, e), EXIT_MODEL_NOT_FOUND,
                 fix="check the path or id, or use --random-weights to profile the architecture alone")
    model.eval()
    return config, model


def config_dtype(torch, config):
    name = getattr(config, "dtype", None) or getattr(config, "torch_dtype", None)
    if isinstance(name, str) and hasattr(torch, name):
        return getattr(torch, name)
    return name if name is not None else torch.float32


def build_inputs(transformers, torch, args, config):
    if args.input_len is not None:
        vocab = int(getattr(config, "vocab_size", 32000))
        ids = torch.randint(low=0, high=min(vocab, 10000), size=(args.batch_size, args.input_len), device=args.device)
        return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}
    prompt = args.prompt if args.prompt is not None else "Hello, how are you?"
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(args.model, trust_remote_code=args.trust_remote_code)
    except (OSError, ValueError) as e:
        fail("no_tokenizer", "No tokenizer for '%s' to encode the prompt: %s" % (args.model, e), EXIT_ERROR,
             fix="use --input-len N to feed random token ids instead of a prompt")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    encoded = tokenizer([prompt] * args.batch_size, return_tensors="pt", padding=True)
    return {k: v.to(args.device) for k, v in encoded.items()}


class FirstTokenStreamer:
    """generate() calls put() with the prompt, then once per step: the second call marks the end of prefill."""

    def __init__(self, on_first_token):
        self.calls = 0
        self.on_first_token = on_first_token

    def put(self, value):
        self.calls += 1
        if self.calls == 2:
            self.on_first_token()

    def end(self):
        pass


def profile(args):
    torch = import_or_fail("torch")
    transformers = import_or_fail("transformers")
    if not args.device.startswith("cuda"):
        fail("bad_argument", "--device must be a CUDA device (cuda, cuda:N); got '%s'" % args.device, EXIT_ERROR,
             fix="pass --device cuda")
    if not torch.cuda.is_available():
        fail("no_cuda", "CUDA is not available to torch %s (torch.cuda.is_available() is False)" % torch.__version__,
             EXIT_NO_CUDA, fix="run on a machine with an NVIDIA GPU and a CUDA build of torch; check nvidia-smi")
    device = torch.device(args.device)
    if device.index is None:  # the allocator counters need an explicit index
        device = torch.device("cuda", torch.cuda.current_device())
    args.device = str(device)
    torch.cuda.set_device(device)
    props = torch.cuda.get_device_properties(device)
    emit("environment", python=sys.version.split()[0], torch=torch.__version__,
         transformers=transformers.__version__, cuda=torch.version.cuda, device=str(device),
         device_name=props.name, device_total_bytes=props.total_memory, device_count=torch.cuda.device_count())
    allocator = Allocator(torch, device)
    ALLOCATOR.append(allocator)
    dtype = resolve_dtype(torch, args.dtype)
    phase(allocator, "loading", model=args.model, random_weights=args.random_weights)

    load_started = time.time()
    config, model = load_model(transformers, torch, args, dtype)
    load_seconds = time.time() - load_started
    parameters = list(model.parameters())
    emit("model", name=args.model, random_weights=args.random_weights,
         num_parameters=sum(p.numel() for p in parameters),
         parameter_bytes=sum(p.numel() * p.element_size() for p in parameters),
         dtype=str(next(iter(parameters)).dtype).replace("torch.", ""),
         config=config_summary(config))
    del parameters
    phase(allocator, "weights_loaded", load_seconds=round(load_seconds, 6))
    allocator.reset_phase_peak()

    inputs = build_inputs(transformers, torch, args, config)
    prompt_tokens = int(inputs["input_ids"].shape[1])
    generate_started = time.time()
    prefill = {}

    def on_first_token():
        prefill["seconds"] = time.time() - generate_started
        phase(allocator, "prefill", batch_size=args.batch_size, prompt_tokens=prompt_tokens,
              time_to_first_token_s=round(prefill["seconds"], 6))

    eos = getattr(config, "eos_token_id", None)
    pad = eos[0] if isinstance(eos, list) and eos else (eos if eos is not None else 0)
    with torch.no_grad():
        output = model.generate(**inputs, max_new_tokens=args.max_new_tokens, min_new_tokens=args.max_new_tokens,
                                do_sample=False, use_cache=True, pad_token_id=pad, return_dict_in_generate=True,
                                streamer=FirstTokenStreamer(on_first_token))
    torch.cuda.synchronize(device)
    sequences = output.sequences
    kv_cache_bytes = cache_tensor_bytes(torch, getattr(output, "past_key_values", None))
    del output
    generate_seconds = time.time() - generate_started
    generated = int(sequences.shape[1]) - prompt_tokens
    decode_seconds = generate_seconds - prefill.get("seconds", 0.0)
    phase(allocator, "generated", batch_size=args.batch_size, prompt_tokens=prompt_tokens,
          generated_tokens=generated, total_generated_tokens=generated * args.batch_size,
          kv_cache_bytes=kv_cache_bytes,
          generate_seconds=round(generate_seconds, 6),
          decode_tokens_per_second=round((generated - 1) * args.batch_size / decode_seconds, 3)
          if generated > 1 and decode_seconds > 0 else None)

    del sequences, inputs, model
    gc.collect()
    torch.cuda.empty_cache()
    phase(allocator, "freed")
    emit("done", status="ok", total_seconds=round(time.time() - START, 6))


def cache_tensor_bytes(torch, cache):
    """The bytes of the KV cache tensors generate returned (a Cache object or tuples of tensors), each storage once;
    None when there is no cache to measure."""
    seen = set()
    total = 0

    def visit(obj, depth):
        nonlocal total
        if obj is None or depth > 8:
            return
        if torch.is_tensor(obj):
            if obj.data_ptr() not in seen:
                seen.add(obj.data_ptr())
                total += obj.numel() * obj.element_size()
            return
        if isinstance(obj, (list, tuple)):
            for item in obj:
                visit(item, depth + 1)
            return
        for attr in ("layers", "key_cache", "value_cache", "keys", "values",
                     "self_attention_cache", "cross_attention_cache"):
            if hasattr(obj, attr):
                visit(getattr(obj, attr), depth + 1)

    visit(cache, 0)
    return total if seen else None


def main(argv):
    args = parse_args(argv)
    try:
        profile(args)
    except SystemExit:
        raise
    except Exception as e:  # classify the failures users can act on
        name = type(e).__name__
        text = str(e)
        if name == "OutOfMemoryError" or "out of memory" in text.lower():
            fail("oom", text.strip().splitlines()[0] if text.strip() else "CUDA out of memory", EXIT_OOM,
                 fix="lower --batch-size, --input-len or --max-new-tokens, or use a smaller dtype")
        traceback.print_exc(file=sys.stderr)
        fail("exception", "%s: %s" % (name, text), EXIT_ERROR)


if __name__ == "__main__":
    main(sys.argv[1:])
