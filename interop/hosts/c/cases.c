/* The contract's cases (wit/conformance.json, "cases") from the C host, as
 * every other host runs them: each case on a fresh instance, its calls in
 * order, each answer compared with `expect` when there is one, `bind`
 * naming an answer for later cases. The stream cases need the async ABI,
 * which this host does not use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* `value` written out in full (a new tree): {"zeros": n} and {"ramp": n}
 * as byte arrays, {"$": name} (plus "+": n) as the answer bound to name. */
static cJSON *resolve(const cJSON *value, const cJSON *bindings) {
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(value, "$");
  if (cJSON_IsString(name)) {
    cJSON *bound = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(bindings, name->valuestring), 1);
    const cJSON *plus = cJSON_GetObjectItemCaseSensitive(value, "+");
    if (cJSON_IsNumber(bound) && cJSON_IsNumber(plus))
      cJSON_SetNumberValue(bound, bound->valuedouble + plus->valuedouble);
    return bound ? bound : cJSON_CreateString("(an answer no earlier case bound)");
  }
  const cJSON *zeros = cJSON_GetObjectItemCaseSensitive(value, "zeros");
  const cJSON *ramp = cJSON_GetObjectItemCaseSensitive(value, "ramp");
  const cJSON *bytes = zeros ? zeros : ramp;
  if (cJSON_IsObject(value) && cJSON_GetArraySize(value) == 1 && cJSON_IsNumber(bytes)) {
    cJSON *array = cJSON_CreateArray();
    for (int i = 0; i < bytes->valueint; i++)
      cJSON_AddItemToArray(array, cJSON_CreateNumber(zeros ? 0 : i % 256));
    return array;
  }
  if (!cJSON_IsArray(value) && !cJSON_IsObject(value))
    return cJSON_Duplicate(value, 1);
  cJSON *copy = cJSON_IsArray(value) ? cJSON_CreateArray() : cJSON_CreateObject();
  for (const cJSON *item = value->child; item; item = item->next) {
    if (cJSON_IsArray(value))
      cJSON_AddItemToArray(copy, resolve(item, bindings));
    else
      cJSON_AddItemToObject(copy, item->string, resolve(item, bindings));
  }
  return copy;
}

/* `json` in WAVE, cut to a line's length (a whole buffer is 64 KiB). */
static char *shown(const cJSON *json) {
  char *text = wave(json);
  if (strlen(text) > 120)
    strcpy(text + 117, "...");
  return text;
}

/* One call of a case: false, after a line on stderr, if it failed. */
static bool step(instance_t *instance, const char *case_name, int nth, const cJSON *call,
                 cJSON *bindings) {
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(call, "call"));
  cJSON *args = resolve(cJSON_GetObjectItemCaseSensitive(call, "args"), bindings);
  char *error = NULL;
  cJSON *got = name ? instance_call(instance, name, args, &error) : NULL;
  cJSON_Delete(args);
  const cJSON *expect = cJSON_GetObjectItemCaseSensitive(call, "expect");
  cJSON *expected = expect ? resolve(expect, bindings) : NULL;
  bool passed = got && (!expected || cJSON_Compare(got, expected, true));
  if (!passed) {
    char *answer = got ? shown(got) : format("no answer: %s", error ? error : "no function named");
    char *wanted = expected ? shown(expected) : strdup("any answer");
    fprintf(stderr, "FAIL %s, call %d (%s): got %s, expected %s\n", case_name, nth,
            name ? name : "?", answer, wanted);
    free(answer);
    free(wanted);
  }
  const char *bind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(call, "bind"));
  if (passed && bind) {
    cJSON_DeleteItemFromObjectCaseSensitive(bindings, bind);
    cJSON_AddItemToObject(bindings, bind, cJSON_Duplicate(got, 1));
  }
  cJSON_Delete(expected);
  cJSON_Delete(got);
  free(error);
  return passed;
}

/* The cases of `conformance`, run; 0 when every one passed. */
static int run(const char *path, const cJSON *conformance) {
  const cJSON *all = cJSON_GetObjectItemCaseSensitive(conformance, "cases");
  cJSON *bindings = cJSON_CreateObject();
  int passed = 0, total = cJSON_GetArraySize(all);
  for (const cJSON *each = all ? all->child : NULL; each; each = each->next) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(each, "name"));
    char *error = NULL;
    instance_t *instance = instance_open(path, NULL, &error);
    if (instance == NULL) {
      fprintf(stderr, "error: %s cannot be used as a linear-memory component: %s\n", path, error);
      free(error);
      cJSON_Delete(bindings);
      return 1;
    }
    bool ok = true;
    int nth = 0;
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(each, "calls");
    for (const cJSON *call = calls ? calls->child : NULL; ok && call; call = call->next)
      ok = step(instance, name ? name : "?", nth++, call, bindings);
    passed += ok;
    instance_close(instance);
  }
  cJSON_Delete(bindings);
  printf("%d of %d cases passed on %s\n", passed, total, path);
  return passed == total && total > 0 ? 0 : 1;
}

int cases(const char *path, const char *conformance) {
  char *text = file_text(conformance);
  cJSON *parsed = text ? cJSON_Parse(text) : NULL;
  free(text);
  if (parsed == NULL) {
    fprintf(stderr, "error: %s is not the contract's cases (a JSON file)\n", conformance);
    return 2;
  }
  int status = run(path, parsed);
  cJSON_Delete(parsed);
  return status;
}
