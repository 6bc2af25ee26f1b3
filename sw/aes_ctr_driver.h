/* aes_ctr_driver.h - portable C driver for the AES-CTR stream accelerator's ring protocol.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The driver touches the device only through two hooks the platform supplies (struct aesc_hooks):
 *   - 32-bit register read/write at a byte offset of the register block (AXI4-Lite slave);
 *   - byte access to the memory the accelerator's AXI4 master sees, at *bus* addresses
 *     (rings, keys and data buffers).
 * So the same code runs on bare metal (volatile loads/stores at the register base, memcpy at the
 * bus address), on Linux through a UIO/VFIO mmap of the register window plus a DMA buffer
 * (translate bus address -> mapping), or against the simulated device (sim/tests/c_driver.rs).
 *
 * Flow (docs/integration.md): aesc_init -> aesc_load_key -> aesc_enable -> aesc_submit ->
 * aesc_poll / aesc_wait (or the irq line + aesc_ack_irq) -> on AESC_ERR_HALTED: aesc_qreset.
 * The driver keeps no heap and no globals; one struct aesc_dev per device.
 */
#ifndef AES_CTR_DRIVER_H
#define AES_CTR_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "aes_ctr_accel_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Platform hooks. Each register call is one complete 32-bit bus transaction, performed in program
 * order. mem_read must be a coherent read (with whatever barrier the platform needs: the driver
 * reads a completion's phase byte before its other fields, in one mem_read of the whole entry, so
 * the platform must not let the entry's bytes be older than its phase byte). mem_write must be
 * visible to the device before the following reg_write (the doorbell). */
struct aesc_hooks {
    void *ctx;
    uint32_t (*reg_read)(void *ctx, uint32_t offset);
    void (*reg_write)(void *ctx, uint32_t offset, uint32_t value);
    void (*mem_read)(void *ctx, uint64_t bus_addr, void *buf, size_t len);
    void (*mem_write)(void *ctx, uint64_t bus_addr, const void *buf, size_t len);
};

/* Error codes of every function that returns int (0 = success). */
enum aesc_error {
    AESC_OK = 0,
    AESC_ERR_NOT_ACCEL = -1,    /* ID register is not AESC_ID_VALUE */
    AESC_ERR_BAD_RING = -2,     /* ring size not a power of two in 2..65536, or base misaligned */
    AESC_ERR_RING_FULL = -3,    /* SQ_SIZE - 1 descriptors outstanding */
    AESC_ERR_BAD_KEY_SLOT = -4, /* slot >= CAPS.KEY_SLOTS */
    AESC_ERR_BAD_KEY = -5,      /* key length not 16/24/32 bytes or a size CAPS does not offer */
    AESC_ERR_HALTED = -6,       /* STATUS.HALTED: descriptor fetch or completion write failed; aesc_qreset */
    AESC_ERR_TIMEOUT = -7,      /* nothing happened within the poll budget */
    AESC_ERR_ARG = -8           /* NULL pointer or count 0 where one is needed */
};

/* Human-readable text of an enum aesc_error value. */
const char *aesc_strerror(int err);

/* Default polls before a wait gives up (each poll is one register read). */
#define AESC_DEFAULT_POLL_BUDGET 1000000u

/* One device. Fields are the driver's; read them, do not write them. */
struct aesc_dev {
    struct aesc_hooks hooks;
    struct aesc_caps caps;
    uint64_t sq_base, cq_base;
    uint32_t sq_size, cq_size;
    uint32_t sq_tail;     /* next SQ slot software fills */
    uint32_t sq_released; /* every SQ slot before this one was released by a completion */
    uint32_t cq_head;     /* next CQ slot software reads */
    uint32_t phase;       /* phase bit of a valid entry at cq_head */
    uint32_t ctrl;        /* CTRL value software last wrote, without QRESET */
    uint32_t poll_budget;
};

/* A completion, decoded. */
struct aesc_cpl {
    uint32_t tag;
    uint32_t bytes;
    uint16_t sq_head;
    uint8_t status; /* AESC_STATUS_CODE_*; aesc_status_name() names it */
    uint8_t phase;
};

/* Probe (ID), read CAPS, QRESET (waits until done), program both rings with the engine disabled and
 * zero the completion ring. Ring memory is the caller's: sq_size * AESC_DESCRIPTOR_BYTES at sq_base
 * (AESC_SQ_BASE_ALIGN aligned), cq_size * AESC_COMPLETION_BYTES at cq_base (AESC_CQ_BASE_ALIGN). */
int aesc_init(struct aesc_dev *dev, const struct aesc_hooks *hooks, uint64_t sq_base, uint32_t sq_size,
              uint64_t cq_base, uint32_t cq_size);
void aesc_set_poll_budget(struct aesc_dev *dev, uint32_t polls);
void aesc_enable(struct aesc_dev *dev);
void aesc_disable(struct aesc_dev *dev);
void aesc_set_irq_enable(struct aesc_dev *dev, uint32_t mask);
/* Read IRQ_STATUS, clear the bits read (W1C), return them. */
uint32_t aesc_ack_irq(struct aesc_dev *dev);

/* CSR key path (idle engine): KEY_DATA words then KEY_CTRL.LOAD, wait for STATUS.KEY_BUSY = 0. */
int aesc_load_key(struct aesc_dev *dev, uint32_t slot, const uint8_t *key, size_t key_len);
int aesc_zeroize_key(struct aesc_dev *dev, uint32_t slot);
int aesc_zeroize_all_keys(struct aesc_dev *dev);

/* Descriptor builders (reserved fields zero). */
void aesc_desc_nop(struct aesc_descriptor *d, uint32_t tag);
void aesc_desc_ctr_xor_slot(struct aesc_descriptor *d, uint32_t tag, uint32_t slot, uint32_t ctr_width_code,
                            uint64_t src, uint64_t dst, uint32_t length, const uint8_t counter0[16]);
/* The 64 bytes the device reads, encoded field by field at the header's offsets (any host endianness). */
void aesc_desc_encode(const struct aesc_descriptor *d, uint8_t out[AESC_DESCRIPTOR_BYTES]);

/* Descriptors submitted whose SQ slots no completion has released yet, and room for more. */
uint32_t aesc_outstanding(const struct aesc_dev *dev);
uint32_t aesc_free_slots(const struct aesc_dev *dev);
/* Write up to n descriptors into the SQ (as many as fit) and ring the doorbell once.
 * Returns the number submitted (0..n), or AESC_ERR_RING_FULL when none fit. */
int aesc_submit(struct aesc_dev *dev, const struct aesc_descriptor *descs, uint32_t n);

/* Consume the next completion if the hardware wrote it (phase bit; no register access).
 * Returns 1 with *out filled, 0 when there is none yet. Call aesc_release afterwards. */
int aesc_poll(struct aesc_dev *dev, struct aesc_cpl *out);
/* CQ_HEAD = consumed entries: the hardware may reuse those completion slots. */
void aesc_release(struct aesc_dev *dev);
/* Poll (reading STATUS between polls: a halt is AESC_ERR_HALTED, never a hang), release, return. */
int aesc_wait(struct aesc_dev *dev, struct aesc_cpl *out);
/* Submit n descriptors (waiting whenever the SQ is full), collect their n completions in order. */
int aesc_run(struct aesc_dev *dev, const struct aesc_descriptor *descs, uint32_t n, struct aesc_cpl *out);

/* QRESET: drop the jobs in flight, poll CTRL.QRESET until it reads 0 (the flush and queue reset are
 * done and the ring indices read 0: SPEC §2, no other wait), zero the completion ring, restart both
 * rings at index 0 with phase 1. ENABLE, keys, bases, sizes kept. */
int aesc_qreset(struct aesc_dev *dev);

#ifdef __cplusplus
}
#endif

#endif /* AES_CTR_DRIVER_H */
