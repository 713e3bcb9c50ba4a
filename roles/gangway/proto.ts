// The Prow API's protocol (upstream's gangway.proto: the same service, messages, field numbers and enum values, so
// upstream's clients and generated stubs talk to this server), loaded with protobufjs. The google.api.http
// annotations are left out: http.ts serves the same routes itself.
import protobuf from 'protobufjs';

const GANGWAY_PROTO = `
syntax = "proto3";
import "google/protobuf/timestamp.proto";

service Prow {
  rpc CreateJobExecution(CreateJobExecutionRequest) returns (JobExecution);
  rpc GetJobExecution(GetJobExecutionRequest) returns (JobExecution);
  rpc ListJobExecutions(ListJobExecutionsRequest) returns (JobExecutions);
  rpc BulkJobStatusChange(BulkJobStatusChangeRequest) returns (JobsAffected);
}

message CreateJobExecutionRequest {
  string job_name = 1;
  JobExecutionType job_execution_type = 2;
  Refs refs = 3;
  PodSpecOptions pod_spec_options = 4;
}
message PodSpecOptions {
  map<string, string> envs = 1;
  map<string, string> labels = 2;
  map<string, string> annotations = 3;
}
message GetJobExecutionRequest { string id = 1; }
message ListJobExecutionsRequest {
  string job_name = 1;
  JobExecutionStatus status = 2;
}
message JobsAffected {
  int32 count = 1;
  repeated JobExecution job_executions = 2;
}
message JobExecutions { repeated JobExecution job_execution = 1; }
message JobExecution {
  string id = 1;
  string job_name = 2;
  JobExecutionType job_type = 3;
  JobExecutionStatus job_status = 4;
  Refs refs = 5;
  PodSpecOptions pod_spec_options = 6;
  string gcs_path = 7;
  google.protobuf.Timestamp create_time = 8;
  google.protobuf.Timestamp completion_time = 9;
}
enum JobExecutionStatus {
  JOB_EXECUTION_STATUS_UNSPECIFIED = 0;
  TRIGGERED = 1;
  PENDING = 2;
  SUCCESS = 3;
  FAILURE = 4;
  ABORTED = 5;
  ERROR = 6;
}
enum JobExecutionType {
  JOB_EXECUTION_TYPE_UNSPECIFIED = 0;
  PERIODIC = 1;
  POSTSUBMIT = 2;
  PRESUBMIT = 3;
  BATCH = 4;
}
message Refs {
  string org = 1;
  string repo = 2;
  string repo_link = 3;
  string base_ref = 4;
  string base_sha = 5;
  string base_link = 6;
  repeated Pull pulls = 7;
  string path_alias = 8;
  bool work_dir = 9;
  string clone_uri = 10;
  bool skip_submodules = 11;
  int32 clone_depth = 12;
  bool skip_fetch_head = 13;
}
message Pull {
  int32 number = 1;
  string author = 2;
  string sha = 3;
  string title = 4;
  string ref = 5;
  string link = 6;
  string commit_link = 7;
  string author_link = 8;
}
message BulkJobStatusChangeRequest {
  JobStatusChange job_status_change = 1;
  string cluster = 2;
  google.protobuf.Timestamp started_before = 3;
  google.protobuf.Timestamp started_after = 4;
  JobExecutionType job_type = 5;
  Refs refs = 6;
}
message JobStatusChange {
  JobExecutionStatus current = 1;
  JobExecutionStatus desired = 2;
}
`;

/** The parsed protocol: message types by name (fields in lowerCamelCase, as proto3's JSON mapping). */
export function loadGangwayProto(): protobuf.Root {
  const root = new protobuf.Root();
  root.addJSON(protobuf.common.get('google/protobuf/timestamp.proto')!.nested!);
  protobuf.parse(GANGWAY_PROTO, root, { keepCase: false });
  root.resolveAll();
  return root;
}

/** How messages become plain objects: enums by name, 64-bit numbers as numbers, unset fields at their defaults. */
export const TO_OBJECT: protobuf.IConversionOptions = { enums: String, longs: Number, defaults: true, arrays: true, objects: true };
