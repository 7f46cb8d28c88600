// SPDX-License-Identifier: MIT
/*
 * msg.c - generic encode/decode/validate over the layouts of msg_table.c,
 * and the table checker.
 *
 * A payload's wire image is the byte image of its packed structure on the
 * (little-endian) host, so encoding is a bounded copy.  Decoding checks the
 * length first, validates the bytes where they lie (reserved fields, then
 * the layout's range check) and copies them into the caller's structure only
 * when everything holds; no byte outside [buf, buf + len) is read.
 */
#include "proto/msg_priv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int msg__err(struct msg_err *err, int ret, size_t off, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return ret;
	err->off = off;
	err->field = field;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return ret;
}

const struct msg_desc *msg_desc_find(u32 opcode)
{
	size_t lo = 0, hi = msg_ndescs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (msg_descs[mid].opcode == opcode)
			return &msg_descs[mid];
		if (msg_descs[mid].opcode < opcode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *msg_opcode_name(u32 opcode)
{
	const struct msg_desc *d = msg_desc_find(opcode);

	return d ? d->name : "UNKNOWN";
}

const struct msg_layout *msg_layout_of(u32 opcode, enum msg_dir dir)
{
	const struct msg_desc *d = msg_desc_find(opcode);

	if (!d)
		return NULL;
	return dir == MSG_REQ ? d->req : d->resp;
}

u64 msg_field_get(const struct msg_field *f, const void *buf, unsigned int idx)
{
	const u8 *p = (const u8 *)buf + f->off + (size_t)idx * f->width;
	u64 v = 0;

	for (unsigned int i = 0; i < f->width; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

int msg_layout_validate(const struct msg_layout *l, const void *msg, struct msg_err *err)
{
	if (!l || !msg)
		return msg__err(err, -EINVAL, 0, NULL, "no layout or no message");
	for (u16 i = 0; i < l->nfields; i++) {
		const struct msg_field *f = &l->fields[i];

		if (f->kind != MSG_FK_RESERVED)
			continue;
		for (u16 k = 0; k < f->count; k++) {
			u64 v = msg_field_get(f, msg, k);

			if (!v)
				continue;
			if (f->count == 1)
				return msg__err(err, -EBADMSG, f->off, f->name,
						"reserved field %s of %s is 0x%llx, must be 0",
						f->name, l->name, (unsigned long long)v);
			return msg__err(err, -EBADMSG, f->off + (size_t)k * f->width, f->name,
					"reserved field %s[%u] of %s is 0x%llx, must be 0", f->name,
					k, l->name, (unsigned long long)v);
		}
	}
	return l->check ? l->check(msg, err) : 0;
}

int msg_layout_decode(const struct msg_layout *l, const void *buf, size_t len, void *msg,
		      size_t msg_size, unsigned int flags, struct msg_err *err)
{
	int ret;

	if (!l || !msg || msg_size != l->size)
		return msg__err(err, -EINVAL, 0, NULL, "decode target does not match the layout");
	if (!buf && len)
		return msg__err(err, -EINVAL, 0, NULL, "no input buffer");
	if (len != l->size)
		return msg__err(err, -EBADMSG, len, NULL, "%s is %u bytes, got %zu", l->name,
				l->size, len);
	if (!(flags & MSG_DECODE_LENIENT)) {
		ret = msg_layout_validate(l, buf, err);
		if (ret)
			return ret;
	}
	memcpy(msg, buf, l->size);
	return 0;
}

int msg_decode(u32 opcode, enum msg_dir dir, const void *buf, size_t len, void *msg,
	       size_t msg_size, unsigned int flags, struct msg_err *err)
{
	const struct msg_layout *l = msg_layout_of(opcode, dir);

	if (!l)
		return msg__err(err, -EOPNOTSUPP, 0, NULL, "opcode 0x%x has no %s", opcode,
				dir == MSG_REQ ? "request" : "response");
	return msg_layout_decode(l, buf, len, msg, msg_size, flags, err);
}

int msg_encode(u32 opcode, enum msg_dir dir, const void *msg, size_t msg_size, void *buf,
	       size_t cap, size_t *len)
{
	const struct msg_layout *l = msg_layout_of(opcode, dir);

	if (!l)
		return -EOPNOTSUPP;
	if (!msg || !buf || msg_size != l->size)
		return -EINVAL;
	if (cap < l->size)
		return -ENOBUFS;
	memcpy(buf, msg, l->size);
	if (len)
		*len = l->size;
	return 0;
}

int msg_resp_status(u32 opcode, const void *buf, size_t len, u32 *status)
{
	const struct msg_desc *d = msg_desc_find(opcode);
	const u8 *p = buf;

	if (!d || !d->resp_size)
		return -EOPNOTSUPP;
	if (!buf || len < (size_t)d->status_off + 4)
		return -EBADMSG;
	p += d->status_off;
	*status = (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
	return 0;
}

/* ----------------------------------------------------------------------- */
/* Table checker. */

static int check_layout(const struct msg_layout *l, char *why, size_t len)
{
	size_t at = 0;

	if (l->size > MSG_LAYOUT_MAX_SIZE)
		return xwhy(why, len, "T4: layout %s is %u bytes, above the maximum",
				  l->name, l->size);
	for (u16 i = 0; i < l->nfields; i++) {
		const struct msg_field *f = &l->fields[i];

		if (!(f->width == 1 || f->width == 2 || f->width == 4 || f->width == 8) ||
		    f->count < 1 || f->kind > MSG_FK_STATUS)
			return xwhy(why, len, "T5: %s.%s width %u count %u kind %u", l->name,
					  f->name, f->width, f->count, f->kind);
		if (f->off != at)
			return xwhy(why, len, "T4: %s.%s at %u, expected %zu", l->name,
					  f->name, f->off, at);
		at += (size_t)f->width * f->count;
	}
	if (at != l->size)
		return xwhy(why, len, "T4: %s fields end at %zu, size %u", l->name, at,
				  l->size);
	return 0;
}

static const struct msg_field *field_at(const struct msg_layout *l, size_t off)
{
	for (u16 i = 0; i < l->nfields; i++)
		if (l->fields[i].off == off)
			return &l->fields[i];
	return NULL;
}

static int check_desc(const struct msg_desc *d, char *why, size_t len)
{
	const struct msg_field *st;
	int ret;

	if (!d->name || !d->name[0])
		return xwhy(why, len, "T1: opcode 0x%x has no name", d->opcode);
	if (d->chan > MSG_CHAN_USER || d->mode > MSG_MODE_NEVER || d->origin > MSG_ORIGIN_OOT ||
	    d->feature < FW_FEAT_NONE || d->feature >= FW_FEAT_COUNT)
		return xwhy(why, len, "T6: %s has an out-of-range attribute", d->name);
	if (!d->req || d->req->size != d->req_size)
		return xwhy(why, len, "T2: %s request size %u, layout %u", d->name,
				  d->req_size, d->req ? d->req->size : 0);
	if (!!d->resp != !!d->resp_size || (d->resp && d->resp->size != d->resp_size))
		return xwhy(why, len, "T2: %s response size %u, layout %u", d->name,
				  d->resp_size, d->resp ? d->resp->size : 0);
	ret = check_layout(d->req, why, len);
	if (!ret && d->resp)
		ret = check_layout(d->resp, why, len);
	if (ret || !d->resp)
		return ret;
	st = field_at(d->resp, d->status_off);
	if ((size_t)d->status_off + 4 > d->resp_size || !st || st->kind != MSG_FK_STATUS ||
	    st->width != 4)
		return xwhy(why, len, "T3: %s status at %u is not a status word", d->name,
				  d->status_off);
	return 0;
}

int msg_tables_check(const struct msg_desc *descs, size_t n,
		     const struct msg_layout *const *layouts, size_t nlayouts, char *why, size_t len)
{
	int ret;

	for (size_t i = 0; i < n; i++) {
		if (i && descs[i - 1].opcode >= descs[i].opcode)
			return xwhy(why, len, "T1: opcode 0x%x after 0x%x", descs[i].opcode,
					  descs[i - 1].opcode);
		ret = check_desc(&descs[i], why, len);
		if (ret)
			return ret;
	}
	for (size_t i = 0; i < nlayouts; i++) {
		ret = check_layout(layouts[i], why, len);
		if (ret)
			return ret;
	}
	return 0;
}

int msg_table_check(char *why, size_t len)
{
	static const struct msg_layout *const buffers[] = {
		&msg_layout_mgmt_desc, &msg_layout_app_health_report, &msg_layout_err_report_hdr,
		&msg_layout_err_record, &msg_layout_coredump_entry,
	};

	return msg_tables_check(msg_descs, msg_ndescs, buffers, ARRAY_SIZE(buffers), why, len);
}
