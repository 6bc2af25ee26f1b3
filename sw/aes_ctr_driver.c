/* aes_ctr_driver.c - portable C driver for the AES-CTR stream accelerator (see aes_ctr_driver.h).
 * SPDX-License-Identifier: Apache-2.0
 * Every register offset, field and layout offset comes from the generated aes_ctr_accel_regs.h. */
#include "aes_ctr_driver.h"

#include <string.h>

static uint32_t rd(struct aesc_dev *dev, uint32_t offset)
{
    return dev->hooks.reg_read(dev->hooks.ctx, offset);
}

static void wr(struct aesc_dev *dev, uint32_t offset, uint32_t value)
{
    dev->hooks.reg_write(dev->hooks.ctx, offset, value);
}

static void put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    unsigned i;
    for (i = 0; i < bytes; i++) {
        p[i] = (uint8_t)(v >> (8u * i));
    }
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    unsigned i;
    for (i = 0; i < bytes; i++) {
        v |= (uint64_t)p[i] << (8u * i);
    }
    return v;
}

static int ring_size_valid(uint32_t size)
{
    return size >= AESC_RING_SIZE_MIN && size <= AESC_RING_SIZE_MAX && (size & (size - 1u)) == 0;
}

const char *aesc_strerror(int err)
{
    switch (err) {
    case AESC_OK: return "success";
    case AESC_ERR_NOT_ACCEL: return "ID register is not \"AESC\": not this accelerator";
    case AESC_ERR_BAD_RING: return "ring size not a power of two in 2..65536, or ring base misaligned";
    case AESC_ERR_RING_FULL: return "submission ring full: wait for completions";
    case AESC_ERR_BAD_KEY_SLOT: return "key slot does not exist (CAPS.KEY_SLOTS)";
    case AESC_ERR_BAD_KEY: return "key length not 16/24/32 bytes or not offered by CAPS.KEY_SIZES";
    case AESC_ERR_HALTED: return "accelerator halted (descriptor fetch or completion write failed); QRESET to recover";
    case AESC_ERR_TIMEOUT: return "timed out waiting for the device";
    case AESC_ERR_ARG: return "bad argument";
    default: return "unknown error";
    }
}

/* Poll reg until (value & mask) == 0. */
static int wait_clear(struct aesc_dev *dev, uint32_t reg, uint32_t mask)
{
    uint32_t n;
    for (n = 0; n < dev->poll_budget; n++) {
        if ((rd(dev, reg) & mask) == 0) {
            return AESC_OK;
        }
    }
    return AESC_ERR_TIMEOUT;
}

static void zero_completion_ring(struct aesc_dev *dev)
{
    static const uint8_t zero[AESC_COMPLETION_BYTES];
    uint32_t i;
    for (i = 0; i < dev->cq_size; i++) {
        dev->hooks.mem_write(dev->hooks.ctx, dev->cq_base + (uint64_t)AESC_COMPLETION_BYTES * i, zero, sizeof zero);
    }
}

static void restart_indices(struct aesc_dev *dev)
{
    dev->sq_tail = 0;
    dev->sq_released = 0;
    dev->cq_head = 0;
    dev->phase = 1;
}

static int queue_reset(struct aesc_dev *dev)
{
    int err;
    wr(dev, AESC_REG_CTRL, dev->ctrl | AESC_CTRL_QRESET_MASK);
    /* SPEC §2: QRESET reads 1 until the flush and queue reset are done and the ring indices read 0;
     * polling it is the only wait needed. */
    err = wait_clear(dev, AESC_REG_CTRL, AESC_CTRL_QRESET_MASK);
    if (err != AESC_OK) {
        return err;
    }
    zero_completion_ring(dev);
    restart_indices(dev);
    return AESC_OK;
}

int aesc_init(struct aesc_dev *dev, const struct aesc_hooks *hooks, uint64_t sq_base, uint32_t sq_size,
              uint64_t cq_base, uint32_t cq_size)
{
    int err;
    if (dev == NULL || hooks == NULL || hooks->reg_read == NULL || hooks->reg_write == NULL ||
        hooks->mem_read == NULL || hooks->mem_write == NULL) {
        return AESC_ERR_ARG;
    }
    memset(dev, 0, sizeof *dev);
    dev->hooks = *hooks;
    dev->poll_budget = AESC_DEFAULT_POLL_BUDGET;
    if (rd(dev, AESC_REG_ID) != AESC_ID_VALUE) {
        return AESC_ERR_NOT_ACCEL;
    }
    if (!ring_size_valid(sq_size) || !ring_size_valid(cq_size) || sq_base % AESC_SQ_BASE_ALIGN != 0 ||
        cq_base % AESC_CQ_BASE_ALIGN != 0) {
        return AESC_ERR_BAD_RING;
    }
    dev->caps = aesc_caps_decode(rd(dev, AESC_REG_CAPS));
    dev->sq_base = sq_base;
    dev->sq_size = sq_size;
    dev->cq_base = cq_base;
    dev->cq_size = cq_size;
    dev->ctrl = 0; /* disabled */
    err = queue_reset(dev);
    if (err != AESC_OK) {
        return err;
    }
    wr(dev, AESC_REG_SQ_BASE_LO, (uint32_t)sq_base);
    wr(dev, AESC_REG_SQ_BASE_HI, (uint32_t)(sq_base >> 32));
    wr(dev, AESC_REG_CQ_BASE_LO, (uint32_t)cq_base);
    wr(dev, AESC_REG_CQ_BASE_HI, (uint32_t)(cq_base >> 32));
    wr(dev, AESC_REG_SQ_SIZE, sq_size);
    wr(dev, AESC_REG_CQ_SIZE, cq_size);
    return AESC_OK;
}

void aesc_set_poll_budget(struct aesc_dev *dev, uint32_t polls)
{
    dev->poll_budget = polls ? polls : 1u;
}

void aesc_enable(struct aesc_dev *dev)
{
    dev->ctrl = AESC_CTRL_ENABLE_MASK;
    wr(dev, AESC_REG_CTRL, dev->ctrl);
}

void aesc_disable(struct aesc_dev *dev)
{
    dev->ctrl = 0;
    wr(dev, AESC_REG_CTRL, dev->ctrl);
}

void aesc_set_irq_enable(struct aesc_dev *dev, uint32_t mask)
{
    wr(dev, AESC_REG_IRQ_ENABLE, mask);
}

uint32_t aesc_ack_irq(struct aesc_dev *dev)
{
    uint32_t status = rd(dev, AESC_REG_IRQ_STATUS);
    if (status != 0) {
        wr(dev, AESC_REG_IRQ_STATUS, status);
    }
    return status;
}

/* ---- keys ------------------------------------------------------------------------------------ */

int aesc_load_key(struct aesc_dev *dev, uint32_t slot, const uint8_t *key, size_t key_len)
{
    uint32_t code, caps_bit, n;
    if (key == NULL) {
        return AESC_ERR_ARG;
    }
    if (slot >= dev->caps.key_slots) {
        return AESC_ERR_BAD_KEY_SLOT;
    }
    switch (key_len) {
    case AESC_KEY_SIZE_128_BYTES: code = AESC_KEY_SIZE_128; caps_bit = AESC_CAPS_KEY_128; break;
    case AESC_KEY_SIZE_192_BYTES: code = AESC_KEY_SIZE_192; caps_bit = AESC_CAPS_KEY_192; break;
    case AESC_KEY_SIZE_256_BYTES: code = AESC_KEY_SIZE_256; caps_bit = AESC_CAPS_KEY_256; break;
    default: return AESC_ERR_BAD_KEY;
    }
    if ((dev->caps.key_sizes & caps_bit) == 0) {
        return AESC_ERR_BAD_KEY;
    }
    for (n = 0; n < key_len / 4u; n++) {
        wr(dev, AESC_REG_KEY_DATA(n), (uint32_t)get_le(key + 4u * n, 4)); /* KEY_DATA0[7:0] = key byte 0 */
    }
    wr(dev, AESC_REG_KEY_CTRL,
       AESC_PUT(AESC_KEY_CTRL_SLOT, slot) | AESC_PUT(AESC_KEY_CTRL_SIZE, code) | AESC_KEY_CTRL_LOAD_MASK);
    return wait_clear(dev, AESC_REG_STATUS, AESC_STATUS_KEY_BUSY_MASK);
}

int aesc_zeroize_key(struct aesc_dev *dev, uint32_t slot)
{
    if (slot >= dev->caps.key_slots) {
        return AESC_ERR_BAD_KEY_SLOT;
    }
    wr(dev, AESC_REG_KEY_CTRL, AESC_PUT(AESC_KEY_CTRL_SLOT, slot) | AESC_KEY_CTRL_ZEROIZE_MASK);
    return wait_clear(dev, AESC_REG_STATUS, AESC_STATUS_KEY_BUSY_MASK);
}

int aesc_zeroize_all_keys(struct aesc_dev *dev)
{
    wr(dev, AESC_REG_KEY_CTRL, AESC_KEY_CTRL_ZEROIZE_ALL_MASK);
    return wait_clear(dev, AESC_REG_STATUS, AESC_STATUS_KEY_BUSY_MASK);
}

/* ---- descriptors ----------------------------------------------------------------------------- */

void aesc_desc_nop(struct aesc_descriptor *d, uint32_t tag)
{
    memset(d, 0, sizeof *d);
    d->opcode = AESC_OP_NOP;
    d->tag = tag;
}

void aesc_desc_ctr_xor_slot(struct aesc_descriptor *d, uint32_t tag, uint32_t slot, uint32_t ctr_width_code,
                            uint64_t src, uint64_t dst, uint32_t length, const uint8_t counter0[16])
{
    memset(d, 0, sizeof *d);
    d->opcode = AESC_OP_CTR_XOR;
    d->flags = (uint8_t)((ctr_width_code << AESC_FLAG_CTR_WIDTH_LSB) & AESC_FLAG_CTR_WIDTH_MASK);
    d->key_slot = (uint8_t)slot;
    d->tag = tag;
    d->length = length;
    d->src = src;
    d->dst = dst;
    memcpy(d->counter, counter0, AESC_DESC_COUNTER_SIZE);
}

void aesc_desc_encode(const struct aesc_descriptor *d, uint8_t out[AESC_DESCRIPTOR_BYTES])
{
    put_le(out + AESC_DESC_OPCODE_OFFSET, d->opcode, AESC_DESC_OPCODE_SIZE);
    put_le(out + AESC_DESC_FLAGS_OFFSET, d->flags, AESC_DESC_FLAGS_SIZE);
    put_le(out + AESC_DESC_KEY_SLOT_OFFSET, d->key_slot, AESC_DESC_KEY_SLOT_SIZE);
    put_le(out + AESC_DESC_RESERVED0_OFFSET, d->reserved0, AESC_DESC_RESERVED0_SIZE);
    put_le(out + AESC_DESC_TAG_OFFSET, d->tag, AESC_DESC_TAG_SIZE);
    put_le(out + AESC_DESC_LENGTH_OFFSET, d->length, AESC_DESC_LENGTH_SIZE);
    put_le(out + AESC_DESC_RESERVED1_OFFSET, d->reserved1, AESC_DESC_RESERVED1_SIZE);
    put_le(out + AESC_DESC_SRC_OFFSET, d->src, AESC_DESC_SRC_SIZE);
    put_le(out + AESC_DESC_DST_OFFSET, d->dst, AESC_DESC_DST_SIZE);
    put_le(out + AESC_DESC_KEY_ADDRESS_OFFSET, d->key_address, AESC_DESC_KEY_ADDRESS_SIZE);
    put_le(out + AESC_DESC_RESERVED2_OFFSET, d->reserved2, AESC_DESC_RESERVED2_SIZE);
    memcpy(out + AESC_DESC_COUNTER_OFFSET, d->counter, AESC_DESC_COUNTER_SIZE);
}

/* ---- submission ------------------------------------------------------------------------------ */

uint32_t aesc_outstanding(const struct aesc_dev *dev)
{
    return (dev->sq_tail + dev->sq_size - dev->sq_released) % dev->sq_size;
}

uint32_t aesc_free_slots(const struct aesc_dev *dev)
{
    return dev->sq_size - 1u - aesc_outstanding(dev);
}

int aesc_submit(struct aesc_dev *dev, const struct aesc_descriptor *descs, uint32_t n)
{
    uint8_t bytes[AESC_DESCRIPTOR_BYTES];
    uint32_t room, i;
    if (descs == NULL && n != 0) {
        return AESC_ERR_ARG;
    }
    room = aesc_free_slots(dev);
    if (n > 0 && room == 0) {
        return AESC_ERR_RING_FULL;
    }
    if (n > room) {
        n = room;
    }
    for (i = 0; i < n; i++) {
        aesc_desc_encode(&descs[i], bytes);
        dev->hooks.mem_write(dev->hooks.ctx, dev->sq_base + (uint64_t)AESC_DESCRIPTOR_BYTES * dev->sq_tail, bytes,
                             sizeof bytes);
        dev->sq_tail = (dev->sq_tail + 1u) % dev->sq_size;
    }
    if (n > 0) {
        wr(dev, AESC_REG_SQ_TAIL, dev->sq_tail); /* one doorbell per batch */
    }
    return (int)n;
}

/* ---- completions ----------------------------------------------------------------------------- */

int aesc_poll(struct aesc_dev *dev, struct aesc_cpl *out)
{
    uint8_t e[AESC_COMPLETION_BYTES];
    dev->hooks.mem_read(dev->hooks.ctx, dev->cq_base + (uint64_t)AESC_COMPLETION_BYTES * dev->cq_head, e, sizeof e);
    if (((e[AESC_CPL_PHASE_OFFSET] & AESC_COMPLETION_PHASE_BIT) != 0) != (dev->phase != 0)) {
        return 0;
    }
    out->tag = (uint32_t)get_le(e + AESC_CPL_TAG_OFFSET, AESC_CPL_TAG_SIZE);
    out->bytes = (uint32_t)get_le(e + AESC_CPL_BYTES_OFFSET, AESC_CPL_BYTES_SIZE);
    out->sq_head = (uint16_t)get_le(e + AESC_CPL_SQ_HEAD_OFFSET, AESC_CPL_SQ_HEAD_SIZE);
    out->status = e[AESC_CPL_STATUS_OFFSET];
    out->phase = e[AESC_CPL_PHASE_OFFSET];
    dev->cq_head = (dev->cq_head + 1u) % dev->cq_size;
    if (dev->cq_head == 0) {
        dev->phase ^= 1u;
    }
    dev->sq_released = out->sq_head % dev->sq_size;
    return 1;
}

void aesc_release(struct aesc_dev *dev)
{
    wr(dev, AESC_REG_CQ_HEAD, dev->cq_head);
}

int aesc_wait(struct aesc_dev *dev, struct aesc_cpl *out)
{
    uint32_t n;
    for (n = 0; n < dev->poll_budget; n++) {
        if (aesc_poll(dev, out)) {
            aesc_release(dev);
            return AESC_OK;
        }
        if ((rd(dev, AESC_REG_STATUS) & AESC_STATUS_HALTED_MASK) != 0) {
            return AESC_ERR_HALTED;
        }
    }
    return AESC_ERR_TIMEOUT;
}

int aesc_run(struct aesc_dev *dev, const struct aesc_descriptor *descs, uint32_t n, struct aesc_cpl *out)
{
    uint32_t next = 0, done = 0;
    int r;
    if ((descs == NULL || out == NULL) && n != 0) {
        return AESC_ERR_ARG;
    }
    while (done < n) {
        if (next < n && aesc_free_slots(dev) > 0) {
            r = aesc_submit(dev, descs + next, n - next);
            if (r < 0) {
                return r;
            }
            next += (uint32_t)r;
        }
        r = aesc_wait(dev, &out[done]);
        if (r != AESC_OK) {
            return r;
        }
        done++;
        if (done < next && aesc_poll(dev, &out[done])) {
            done++;
            while (done < next && aesc_poll(dev, &out[done])) {
                done++;
            }
            aesc_release(dev);
        }
    }
    return AESC_OK;
}

int aesc_qreset(struct aesc_dev *dev)
{
    return queue_reset(dev);
}
