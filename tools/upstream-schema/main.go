// Command upstream-schema prints JSON Schemas of upstream Prow's config types, read by reflection from the Go
// module sigs.k8s.io/prow (the version in go.mod), so every field upstream decodes is known by name and type:
//
//	cd tools/upstream-schema && go run . > ../../src/config/schemas/upstream-types.generated.ts
//
// Types decoded by a custom UnmarshalJSON are left open ({}) unless listed in `custom`; the TypeScript side
// (src/config/schemas/index.ts) patches those it knows more about. ProwJob API types the CRD already describes
// are emitted as references to the CRD-derived definitions.
package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	prowapi "sigs.k8s.io/prow/pkg/apis/prowjobs/v1"
	"sigs.k8s.io/prow/pkg/config"
	"sigs.k8s.io/prow/pkg/plugins"
)

type schema = map[string]interface{}

// A Kubernetes quantity: a number, or a string in the quantity grammar.
const quantityPattern = `^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`

var (
	unmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	// Types with their own decoding whose accepted JSON is known.
	custom = map[reflect.Type]schema{
		reflect.TypeOf(resource.Quantity{}):        {"type": []string{"number", "string"}, "pattern": quantityPattern},
		reflect.TypeOf(intstr.IntOrString{}):       {"type": []string{"integer", "string"}},
		reflect.TypeOf(prowapi.Duration{}):         {"type": []string{"string", "integer"}},
		reflect.TypeOf(json.RawMessage{}):          {},
		reflect.TypeOf(corev1.PodSpec{}):           ref("podSpec"),
		reflect.TypeOf(prowapi.DecorationConfig{}): ref("decorationConfig"),
		reflect.TypeOf(prowapi.Refs{}):             ref("refs"),
		reflect.TypeOf(prowapi.ReporterConfig{}):   ref("reporterConfig"),
		reflect.TypeOf(prowapi.RerunAuthConfig{}):  ref("rerunAuthConfig"),
		reflect.TypeOf(prowapi.ProwJobDefault{}):   ref("prowjobDefaults"),
		reflect.TypeOf(prowapi.JenkinsSpec{}):      ref("jenkinsSpec"),
		reflect.TypeOf(config.Presubmit{}):         ref("presubmit"),
		reflect.TypeOf(config.Postsubmit{}):        ref("postsubmit"),
		reflect.TypeOf(config.Periodic{}):          ref("periodic"),
		reflect.TypeOf(config.Preset{}):            ref("preset"),
		reflect.TypeOf(metav1.Duration{}):          {"type": "string"},
		reflect.TypeOf(metav1.Time{}):              {"type": "string"},
		reflect.TypeOf(time.Time{}):                {"type": "string"},
	}
	// Types with an UnmarshalJSON that decodes the struct's own fields (after a check or a default).
	structLike = map[reflect.Type]bool{
		reflect.TypeOf(plugins.ConfigUpdater{}): true,
	}
	openTypes = map[string]bool{}
)

// rootMarker in the stack asks fromType to describe a type listed in custom by its fields (the definition itself).
var rootMarker = reflect.TypeOf(struct{ root bool }{})

func ref(name string) schema {
	return schema{"$ref": "https://prow.local/schemas/defs.json#/$defs/" + name}
}

func typeName(t reflect.Type) string { return t.PkgPath() + "." + t.Name() }

func fromType(t reflect.Type, stack map[reflect.Type]bool) schema {
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if s, ok := custom[t]; ok && !stack[rootMarker] {
		return s
	}
	delete(stack, rootMarker)
	if strings.HasPrefix(t.PkgPath(), "github.com/tektoncd/") {
		// Tekton pipeline specs are passed through to Tekton, as upstream's CRD does.
		return schema{}
	}
	if !structLike[t] && (t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler)) {
		if t.Name() != "" {
			openTypes[typeName(t)] = true
		}
		return schema{}
	}
	switch t.Kind() {
	case reflect.String:
		return schema{"type": "string"}
	case reflect.Bool:
		return schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return schema{"type": "number"}
	case reflect.Interface:
		return schema{}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return schema{"type": "string"}
		}
		return schema{"type": "array", "items": fromType(t.Elem(), stack)}
	case reflect.Map:
		return schema{"type": "object", "additionalProperties": fromType(t.Elem(), stack)}
	case reflect.Struct:
		if stack[t] {
			// A recursive type: its inner occurrences are left open.
			return schema{}
		}
		stack[t] = true
		defer delete(stack, t)
		props := schema{}
		addFields(t, props, stack)
		return schema{"type": "object", "properties": props, "additionalProperties": false}
	}
	panic(fmt.Sprintf("unsupported kind %s of %s", t.Kind(), t))
}

// addFields adds a struct's JSON fields, inlining embedded structs as encoding/json does.
func addFields(t reflect.Type, props schema, stack map[reflect.Type]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name := strings.Split(tag, ",")[0]
		if name == "-" && !strings.Contains(tag, ",") {
			continue
		}
		inline := strings.Contains(tag, ",inline") || (f.Anonymous && name == "")
		if inline {
			ft := f.Type
			for ft.Kind() == reflect.Ptr {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(ft, props, stack)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = fromType(f.Type, stack)
	}
}

// stringTargets is where sigs.k8s.io/yaml (v1.3.0, upstream's) turns a YAML number or boolean into the string the
// Go field wants: it follows struct fields, slice and map elements, but a field promoted from an embedded struct
// gets the embedded struct as its target and a pointer is no target, so conversion stops at either. The tree has
// "[]" for slice elements, "*" for map values and 1 for a string field; nil when nothing below converts.
func stringTargets(t reflect.Type, seen map[reflect.Type]bool) interface{} {
	switch t.Kind() {
	case reflect.String:
		return 1
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Ptr {
			return nil
		}
		if sub := stringTargets(t.Elem(), seen); sub != nil {
			return schema{"[]": sub}
		}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Ptr {
			return nil
		}
		if sub := stringTargets(t.Elem(), seen); sub != nil {
			return schema{"*": sub}
		}
	case reflect.Struct:
		if seen[t] {
			return nil
		}
		seen[t] = true
		defer delete(seen, t)
		out := schema{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name := strings.Split(tag, ",")[0]
			if f.Anonymous || !f.IsExported() || name == "-" || strings.Contains(tag, ",inline") || f.Type.Kind() == reflect.Ptr {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if sub := stringTargets(f.Type, seen); sub != nil {
				out[name] = sub
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func main() {
	roots := map[string]reflect.Type{
		"prowConfig":   reflect.TypeOf(config.ProwConfig{}),
		"jobConfig":    reflect.TypeOf(config.JobConfig{}),
		"pluginConfig": reflect.TypeOf(plugins.Configuration{}),
		"prowYaml":     reflect.TypeOf(config.ProwYAML{}),
		"presubmit":    reflect.TypeOf(config.Presubmit{}),
		"postsubmit":   reflect.TypeOf(config.Postsubmit{}),
		"periodic":     reflect.TypeOf(config.Periodic{}),
		"preset":       reflect.TypeOf(config.Preset{}),
	}
	out := schema{}
	for name, t := range roots {
		out[name] = fromType(t, map[reflect.Type]bool{rootMarker: true})
	}
	open := make([]string, 0, len(openTypes))
	for n := range openTypes {
		open = append(open, n)
	}
	sort.Strings(open)
	body, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	fmt.Println("// Generated by tools/upstream-schema from upstream's Go config types (sigs.k8s.io/prow). Do not edit by hand.")
	fmt.Println("import type { SchemaObject } from 'ajv';")
	fmt.Println()
	fmt.Println("/** \"[]\": slice elements, \"*\": map values, 1: a string field. */")
	fmt.Println("export type StringTargets = 1 | { [key: string]: StringTargets };")
	fmt.Println()
	fmt.Println("/** Types upstream decodes with its own UnmarshalJSON, left open here (index.ts patches those it knows). */")
	openJSON, _ := json.Marshal(open)
	fmt.Printf("export const UPSTREAM_OPEN_TYPES: readonly string[] = %s;\n\n", openJSON)
	targets := schema{
		"prow-config":   stringTargets(reflect.TypeOf(config.Config{}), map[reflect.Type]bool{}),
		"job-config":    stringTargets(reflect.TypeOf(config.JobConfig{}), map[reflect.Type]bool{}),
		"plugin-config": stringTargets(reflect.TypeOf(plugins.Configuration{}), map[reflect.Type]bool{}),
		"prow-yaml":     stringTargets(reflect.TypeOf(config.ProwYAML{}), map[reflect.Type]bool{}),
	}
	targetsJSON, err := json.Marshal(targets)
	if err != nil {
		panic(err)
	}
	fmt.Println("/** Where a YAML number or boolean becomes the string the Go field wants (per file kind; see stringTargets). */")
	fmt.Printf("export const UPSTREAM_STRING_TARGETS: Record<string, StringTargets | null> = %s;\n\n", targetsJSON)
	fmt.Println("/** One closed JSON Schema per upstream type: prowConfig, jobConfig, pluginConfig, prowYaml, presubmit, postsubmit, periodic, preset. */")
	fmt.Printf("export const UPSTREAM_TYPES: Record<string, SchemaObject> = %s;\n", body)
}
