// SPDX-License-Identifier: MIT
/*
 * schema_check.c - a validator for the subset of JSON Schema (draft
 * 2020-12) that the report schemas use: type, required, properties,
 * additionalProperties, items, enum, const, minimum, oneOf and local $refs.
 * It exists so that tests can check every report against its documented
 * schema without a dependency outside Debian's C packages.
 */
#include "reports/run_report.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "common/input.h"

struct vctx {
	json_t *root;
	char *why;
	size_t len;
	int depth;
};

static int vfail(struct vctx *v, const char *path, const char *fmt, const char *a, const char *b)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, a, b);
	snprintf(v->why, v->len, "%s: %s", path[0] ? path : "/", msg);
	return -EUCLEAN;
}

static bool type_is(const json_t *x, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(x);
	if (!strcmp(t, "array"))
		return json_is_array(x);
	if (!strcmp(t, "string"))
		return json_is_string(x);
	if (!strcmp(t, "integer"))
		return json_is_integer(x);
	if (!strcmp(t, "number"))
		return json_is_number(x);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(x);
	if (!strcmp(t, "null"))
		return json_is_null(x);
	return false;
}

static int validate(struct vctx *v, const json_t *schema, const json_t *x, const char *path);

static int check_type(struct vctx *v, const json_t *t, const json_t *x, const char *path)
{
	size_t i;
	json_t *e;

	if (json_is_string(t))
		return type_is(x, json_string_value(t)) ? 0 :
		       vfail(v, path, "expected type %s%s", json_string_value(t), "");
	json_array_foreach(t, i, e)
		if (json_is_string(e) && type_is(x, json_string_value(e)))
			return 0;
	return vfail(v, path, "value has none of the allowed types%s%s", "", "");
}

static int check_object(struct vctx *v, const json_t *schema, const json_t *x, const char *path)
{
	const json_t *req = json_object_get(schema, "required");
	const json_t *props = json_object_get(schema, "properties");
	const json_t *addl = json_object_get(schema, "additionalProperties");
	char sub[512];
	const char *key;
	json_t *val, *e;
	size_t i;
	int ret;

	json_array_foreach(req, i, e)
		if (json_is_string(e) && !json_object_get(x, json_string_value(e)))
			return vfail(v, path, "required field '%s' is missing%s",
				     json_string_value(e), "");
	json_object_foreach((json_t *)x, key, val) {
		const json_t *ps = props ? json_object_get(props, key) : NULL;

		snprintf(sub, sizeof(sub), "%s/%s", path, key);
		if (!ps && json_is_false(addl))
			return vfail(v, sub, "field '%s' is not allowed here%s", key, "");
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

static const json_t *resolve(struct vctx *v, const json_t *schema)
{
	const json_t *ref = json_object_get(schema, "$ref");
	const char *r;

	if (!json_is_string(ref))
		return schema;
	r = json_string_value(ref);
	if (strncmp(r, "#/$defs/", 8))
		return NULL;
	return json_object_get(json_object_get(v->root, "$defs"), r + 8);
}

static int validate(struct vctx *v, const json_t *schema, const json_t *x, const char *path)
{
	const json_t *t, *items, *en, *cn, *min, *one;
	char sub[512];
	json_t *e;
	size_t i;
	int ret;

	if (++v->depth > 64)
		return vfail(v, path, "schema nesting too deep%s%s", "", "");
	schema = resolve(v, schema);
	if (!schema) {
		v->depth--;
		snprintf(v->why, v->len, "%s: unresolvable $ref in the schema", path);
		return -EINVAL;
	}
	ret = 0;
	t = json_object_get(schema, "type");
	if (t)
		ret = check_type(v, t, x, path);
	en = json_object_get(schema, "enum");
	if (!ret && en) {
		bool found = false;

		json_array_foreach(en, i, e)
			found = found || json_equal(e, (json_t *)x);
		if (!found)
			ret = vfail(v, path, "value is not one of the allowed values%s%s", "", "");
	}
	cn = json_object_get(schema, "const");
	if (!ret && cn && !json_equal((json_t *)cn, (json_t *)x))
		ret = vfail(v, path, "value differs from the required constant%s%s", "", "");
	min = json_object_get(schema, "minimum");
	if (!ret && min && json_is_number(x) && json_number_value(x) < json_number_value(min))
		ret = vfail(v, path, "value is below the minimum%s%s", "", "");
	if (!ret && json_is_object(x))
		ret = check_object(v, schema, x, path);
	items = json_object_get(schema, "items");
	if (!ret && items && json_is_array(x)) {
		json_array_foreach(x, i, e) {
			snprintf(sub, sizeof(sub), "%s/%zu", path, i);
			ret = validate(v, items, e, sub);
			if (ret)
				break;
		}
	}
	one = json_object_get(schema, "oneOf");
	if (!ret && one) {
		char deepest[512] = "";
		int ok = 0;

		/* none matching: report the failure that got deepest into the value */
		json_array_foreach(one, i, e) {
			if (validate(v, e, x, path) == 0)
				ok++;
			else if (strcspn(v->why, ":") > strcspn(deepest, ":"))
				snprintf(deepest, sizeof(deepest), "%s", v->why);
		}
		if (ok > 1)
			ret = vfail(v, path, "value matches several oneOf alternatives%s%s", "", "");
		else if (!ok && strcspn(deepest, ":") > strlen(path)) {
			snprintf(v->why, v->len, "%s", deepest);
			ret = -EUCLEAN;
		} else if (!ok) {
			ret = vfail(v, path, "value matches none of the oneOf alternatives%s%s", "", "");
		}
	}
	v->depth--;
	return ret;
}

static json_t *load(const char *path, char *why, size_t len, int *err)
{
	struct xin_error xe;
	json_error_t je;
	struct xin in;
	json_t *j;

	*err = xin_read(&in, path, 0, XIN_UTF8, &xe);
	if (*err) {
		xin_error_format(&xe, path, why, len);
		if (*err == -EILSEQ)
			*err = -EINVAL;
		return NULL;
	}
	j = json_loadb(in.buf, in.len, 0, &je);
	xin_free(&in);
	if (!j) {
		*err = -EINVAL;
		snprintf(why, len, "%s:%d:%d: %s", path, je.line, je.column, je.text);
	}
	return j;
}

int rpt_schema_validate_file(const char *schema_path, const char *doc_path, char *why,
			     size_t len)
{
	struct vctx v = { .why = why, .len = len };
	json_t *schema, *doc;
	int ret = 0;

	schema = load(schema_path, why, len, &ret);
	if (!schema)
		return ret;
	doc = load(doc_path, why, len, &ret);
	if (!doc) {
		json_decref(schema);
		return ret;
	}
	v.root = schema;
	ret = validate(&v, schema, doc, "");
	json_decref(doc);
	json_decref(schema);
	return ret;
}
