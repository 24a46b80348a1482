import { requireIdempotencyKey } from "@/lib/idempotency";
import { AppError, errorResponse, isAppError } from "@/lib/errors";
import { apiframe } from "@/lib/server/apiframe";
import {
  MAX_UPLOAD_BYTES,
  TOO_BIG_FOR_ANY_FIELD,
  UPLOAD_FIELDS,
  checkUpload,
  isUploadField,
  type UploadView,
} from "@/lib/uploads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_A_FORM = "Send the file as multipart/form-data with a `file` field.";
/** Room for the multipart boundaries, part headers and the two small fields. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** POST multipart { file, field, idempotencyKey } → 201 UploadView. */
export async function POST(request: Request): Promise<Response> {
  try {
    // The whole form is read into memory, so a body no field could take is
    // refused on its declared length, before a byte of it is read.
    const declared = Number(request.headers.get("content-length"));
    if (declared > MAX_UPLOAD_BYTES + FORM_OVERHEAD_BYTES) {
      throw new AppError("invalid_request", TOO_BIG_FOR_ANY_FIELD);
    }

    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new AppError("invalid_request", NOT_A_FORM);
    }
    const field = form.get("field");
    if (!isUploadField(field)) {
      throw new AppError("invalid_request", `field must be one of ${UPLOAD_FIELDS.join(", ")}.`);
    }
    const idempotencyKey = requireIdempotencyKey(form.get("idempotencyKey"));
    const file = form.get("file");
    if (file === null || typeof file === "string") throw new AppError("invalid_request", NOT_A_FORM);

    // Checked before the configuration, like the composer's fields: a wrong
    // file is worth hearing about even on a server without a key.
    const problem = checkUpload(field, file);
    if (problem !== null) throw new AppError("invalid_request", problem, { fields: { [field]: [problem] } });

    let upload: UploadView;
    try {
      upload = await apiframe().upload(file, file.name || "upload", idempotencyKey);
    } catch (err) {
      // apiframe refused the file itself: the message belongs beside that field.
      if (isAppError(err) && err.code === "invalid_request" && err.fields === undefined) {
        throw new AppError("invalid_request", err.message, { fields: { [field]: [err.message] }, cause: err });
      }
      throw err;
    }
    return Response.json(upload, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return errorResponse(err);
  }
}
