/*
 * A fake libnvidia-ml.so.1 for MemLens's tests: the NVML entry points MemLens calls, serving devices whose figures
 * the test sets through the fake_nvml_* control functions (called through JNA on the same loaded library).
 * Built by the tests with gcc (FakeNvml.java). With -DFAKE_NVML_MINIMAL only the required entry points exist, as
 * on an old driver: no _v2 memory info, utilization, power, process list or driver version. With
 * -DFAKE_NVML_NO_UUID a required entry point is missing too (not a usable NVML).
 *
 * A process that never calls fake_nvml_reset (a CLI run in another process) gets FAKE_NVML_DEVICES GPUs of 143771 MiB
 * with FAKE_NVML_USED_MIB MiB used (default 600) and 527 MiB reserved at its first nvmlInit_v2.
 *
 * Memory figures per device: the k-th memory call (k = 0, 1, ...) reports used = used + k * step, plus spike bytes
 * while spike_start <= k < spike_start + spike_length; v1 reports used + reserved as used, as NVML does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEVICES 16
#define MAX_PROCESSES 64

typedef int nvmlReturn_t;
typedef struct fake_device *nvmlDevice_t;

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int version; unsigned long long total, reserved, free, used; } nvmlMemory_v2_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;

struct fake_device {
    char name[96];
    char uuid[96];
    unsigned long long total, used, reserved, step;
    unsigned long long spike_start, spike_length, spike_bytes;
    unsigned long long memory_calls;
    int memory_result, memory_result_after; /* memory_result from call memory_result_after on */
    int utilization, power_mw;              /* -1: NOT_SUPPORTED */
    int process_count;
    unsigned int pids[MAX_PROCESSES];
    unsigned long long process_bytes[MAX_PROCESSES];
};

static struct fake_device devices[MAX_DEVICES];
static int device_count;
static int init_result;
static int init_depth;
static int init_calls;
static int shutdown_calls;
static int configured;

/* ---- control ---- */

void fake_nvml_reset(int count) {
    memset(devices, 0, sizeof devices);
    configured = 1;
    device_count = count;
    init_result = 0;
    for (int i = 0; i < count && i < MAX_DEVICES; i++) {
        snprintf(devices[i].name, sizeof devices[i].name, "Fake H200 %d", i);
        snprintf(devices[i].uuid, sizeof devices[i].uuid, "GPU-fake0000-0000-0000-0000-%012d", i);
        devices[i].utilization = -1;
        devices[i].power_mw = -1;
    }
}

void fake_nvml_set_memory(int i, unsigned long long total, unsigned long long used, unsigned long long reserved,
                          unsigned long long step) {
    devices[i].total = total;
    devices[i].used = used;
    devices[i].reserved = reserved;
    devices[i].step = step;
}

void fake_nvml_set_spike(int i, unsigned long long start, unsigned long long length, unsigned long long bytes) {
    devices[i].spike_start = start;
    devices[i].spike_length = length;
    devices[i].spike_bytes = bytes;
}

void fake_nvml_set_readings(int i, int utilization, int power_mw) {
    devices[i].utilization = utilization;
    devices[i].power_mw = power_mw;
}

void fake_nvml_add_process(int i, unsigned int pid, unsigned long long bytes) {
    struct fake_device *d = &devices[i];
    if (d->process_count < MAX_PROCESSES) {
        d->pids[d->process_count] = pid;
        d->process_bytes[d->process_count] = bytes;
        d->process_count++;
    }
}

void fake_nvml_fail_init(int result) { init_result = result; }

void fake_nvml_fail_memory(int i, int result, int after_calls) {
    devices[i].memory_result = result;
    devices[i].memory_result_after = after_calls;
}

unsigned long long fake_nvml_memory_calls(int i) { return devices[i].memory_calls; }
int fake_nvml_init_depth(void) { return init_depth; }
int fake_nvml_init_calls(void) { return init_calls; }
int fake_nvml_shutdown_calls(void) { return shutdown_calls; }

/* ---- NVML ---- */

static void configure_from_environment(void) {
    const char *count = getenv("FAKE_NVML_DEVICES");
    const char *used = getenv("FAKE_NVML_USED_MIB");
    if (configured || count == NULL) {
        return;
    }
    fake_nvml_reset(atoi(count));
    for (int i = 0; i < device_count && i < MAX_DEVICES; i++) {
        fake_nvml_set_memory(i, 143771ULL << 20, (unsigned long long) (used ? atoll(used) : 600) << 20, 527ULL << 20, 0);
    }
}

nvmlReturn_t nvmlInit_v2(void) {
    configure_from_environment();
    init_calls++;
    if (init_result != 0) {
        return init_result;
    }
    init_depth++;
    return 0;
}

nvmlReturn_t nvmlShutdown(void) {
    shutdown_calls++;
    if (init_depth == 0) {
        return 1; /* NVML_ERROR_UNINITIALIZED */
    }
    init_depth--;
    return 0;
}

const char *nvmlErrorString(nvmlReturn_t result) {
    switch (result) {
    case 0: return "Success";
    case 1: return "Uninitialized";
    case 3: return "Not Supported";
    case 4: return "Insufficient Permissions";
    case 9: return "Driver Not Loaded";
    case 15: return "GPU is lost";
    case 18: return "Driver/library version mismatch";
    default: return "Unknown Error";
    }
}

static int valid(nvmlDevice_t device) {
    return init_depth > 0 && device >= devices && device < devices + device_count;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
    if (init_depth == 0) return 1;
    *count = (unsigned int) device_count;
    return 0;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
    if (init_depth == 0) return 1;
    if (index >= (unsigned int) device_count) return 2; /* NVML_ERROR_INVALID_ARGUMENT */
    *device = &devices[index];
    return 0;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
    if (!valid(device)) return 2;
    if (strlen(device->name) >= length) return 7; /* NVML_ERROR_INSUFFICIENT_SIZE */
    strcpy(name, device->name);
    return 0;
}

#ifndef FAKE_NVML_NO_UUID
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t device, char *uuid, unsigned int length) {
    if (!valid(device)) return 2;
    if (strlen(device->uuid) >= length) return 7;
    strcpy(uuid, device->uuid);
    return 0;
}
#endif

/* The used figure of this call, or a failure code. */
static nvmlReturn_t next_used(nvmlDevice_t device, unsigned long long *used) {
    if (!valid(device)) return 2;
    unsigned long long k = device->memory_calls++;
    if (device->memory_result != 0 && k >= (unsigned long long) device->memory_result_after) {
        return device->memory_result;
    }
    *used = device->used + k * device->step;
    if (k >= device->spike_start && k < device->spike_start + device->spike_length) {
        *used += device->spike_bytes;
    }
    return 0;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
    unsigned long long used;
    nvmlReturn_t r = next_used(device, &used);
    if (r != 0) return r;
    memory->total = device->total;
    memory->used = used + device->reserved;
    memory->free = device->total - memory->used;
    return 0;
}

#ifndef FAKE_NVML_MINIMAL
nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
    if (memory->version != (sizeof(nvmlMemory_v2_t) | (2u << 24))) return 25; /* ARGUMENT_VERSION_MISMATCH */
    unsigned long long used;
    nvmlReturn_t r = next_used(device, &used);
    if (r != 0) return r;
    memory->total = device->total;
    memory->reserved = device->reserved;
    memory->used = used;
    memory->free = device->total - device->reserved - used;
    return 0;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
    if (!valid(device)) return 2;
    if (device->utilization < 0) return 3; /* NVML_ERROR_NOT_SUPPORTED */
    utilization->gpu = (unsigned int) device->utilization;
    utilization->memory = 0;
    return 0;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t device, unsigned int *power) {
    if (!valid(device)) return 2;
    if (device->power_mw < 0) return 3;
    *power = (unsigned int) device->power_mw;
    return 0;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned int *count,
                                                     nvmlProcessInfo_t *infos) {
    if (!valid(device)) return 2;
    unsigned int wanted = (unsigned int) device->process_count;
    if (*count < wanted) {
        *count = wanted;
        return 7; /* NVML_ERROR_INSUFFICIENT_SIZE */
    }
    for (unsigned int i = 0; i < wanted; i++) {
        infos[i].pid = device->pids[i];
        infos[i].usedGpuMemory = device->process_bytes[i];
        infos[i].gpuInstanceId = 0xFFFFFFFFu;
        infos[i].computeInstanceId = 0xFFFFFFFFu;
    }
    *count = wanted;
    return 0;
}

nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    if (init_depth == 0) return 1;
    if (length < 10) return 7;
    strcpy(version, "580.159.04");
    return 0;
}
#endif
