// SPDX-License-Identifier: MIT
/*
 * schema.c - a validator for the JSON Schema subset the report schema
 * uses: type (one or a list), required, properties, additionalProperties
 * (false or a schema), items, enum, const, minimum, maximum.  The first
 * violation is reported with its JSON path ("$.ledger.entries[3].key").
 */
#include "reports/report.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

struct vctx {
	char *why;
	size_t len;
};

static int vfail(struct vctx *v, const char *path, const char *what)
{
	if (v->why && v->len)
		snprintf(v->why, v->len, "%s: %s", path, what);
	return -EINVAL;
}

static bool type_is(const json_t *doc, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(doc);
	if (!strcmp(t, "array"))
		return json_is_array(doc);
	if (!strcmp(t, "string"))
		return json_is_string(doc);
	if (!strcmp(t, "integer"))
		return json_is_integer(doc);
	if (!strcmp(t, "number"))
		return json_is_number(doc);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(doc);
	if (!strcmp(t, "null"))
		return json_is_null(doc);
	return false;
}

static int check_type(struct vctx *v, const json_t *sch, const json_t *doc, const char *path)
{
	const json_t *t = json_object_get(sch, "type"), *e;
	size_t i;
	char msg[96];

	if (!t)
		return 0;
	if (json_is_string(t)) {
		if (type_is(doc, json_string_value(t)))
			return 0;
		snprintf(msg, sizeof(msg), "must be of type %s", json_string_value(t));
		return vfail(v, path, msg);
	}
	json_array_foreach(t, i, e)
		if (json_is_string(e) && type_is(doc, json_string_value(e)))
			return 0;
	return vfail(v, path, "has none of the allowed types");
}

static int validate(struct vctx *v, const json_t *sch, const json_t *doc, const char *path);

static int check_object(struct vctx *v, const json_t *sch, const json_t *doc, const char *path)
{
	const json_t *req = json_object_get(sch, "required"), *props = json_object_get(sch, "properties");
	const json_t *addl = json_object_get(sch, "additionalProperties"), *e, *val;
	const char *key;
	char sub[512], msg[160];
	size_t i;
	int ret;

	json_array_foreach(req, i, e) {
		if (json_is_string(e) && !json_object_get(doc, json_string_value(e))) {
			snprintf(msg, sizeof(msg), "missing required field \"%s\"",
				 json_string_value(e));
			return vfail(v, path, msg);
		}
	}
	json_object_foreach((json_t *)doc, key, val) {
		const json_t *ps = json_object_get(props, key);

		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		if (!ps && json_is_false(addl)) {
			snprintf(msg, sizeof(msg), "field \"%s\" is not in the schema", key);
			return vfail(v, path, msg);
		}
		if (!ps && json_is_object(addl))
			ps = addl;
		if (ps) {
			ret = validate(v, ps, val, sub);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int validate(struct vctx *v, const json_t *sch, const json_t *doc, const char *path)
{
	const json_t *e, *items, *lim;
	char sub[512];
	size_t i;
	int ret = check_type(v, sch, doc, path);

	if (ret)
		return ret;
	if ((e = json_object_get(sch, "const")) && !json_equal((json_t *)e, (json_t *)doc))
		return vfail(v, path, "differs from the schema's const");
	if ((e = json_object_get(sch, "enum"))) {
		const json_t *x;
		bool found = false;

		json_array_foreach(e, i, x)
			found |= json_equal((json_t *)x, (json_t *)doc);
		if (!found)
			return vfail(v, path, "is not one of the schema's enum values");
	}
	if (json_is_number(doc)) {
		if ((lim = json_object_get(sch, "minimum")) &&
		    json_number_value(doc) < json_number_value(lim))
			return vfail(v, path, "is below the minimum");
		if ((lim = json_object_get(sch, "maximum")) &&
		    json_number_value(doc) > json_number_value(lim))
			return vfail(v, path, "is above the maximum");
	}
	if (json_is_object(doc))
		return check_object(v, sch, doc, path);
	items = json_object_get(sch, "items");
	if (json_is_array(doc) && items) {
		json_array_foreach(doc, i, e) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			ret = validate(v, items, e, sub);
			if (ret)
				return ret;
		}
	}
	return 0;
}

int rpt_validate_file(const char *schema, const char *doc, char *why, size_t len)
{
	struct vctx v = { why, len };
	json_error_t jerr;
	json_t *s, *d;
	int ret;

	s = json_load_file(schema, 0, &jerr);
	if (!s) {
		snprintf(why, len, "%s:%d: %s", schema, jerr.line, jerr.text);
		return -EBADMSG;
	}
	d = json_load_file(doc, 0, &jerr);
	if (!d) {
		snprintf(why, len, "%s:%d: %s", doc, jerr.line, jerr.text);
		json_decref(s);
		return -EBADMSG;
	}
	ret = validate(&v, s, d, "$");
	json_decref(s);
	json_decref(d);
	return ret;
}
