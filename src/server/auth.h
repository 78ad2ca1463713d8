/* auth.h - who is asking, and may they change anything (issue 5): the
 * session cookie or the API token of a request, the Origin and CSRF
 * checks of every POST, and the forms (MHD_PostProcessor). Accounts,
 * sessions and tokens themselves are the library's (mvroad/auth.h). */
#ifndef MVROAD_SERVER_AUTH_H
#define MVROAD_SERVER_AUTH_H

#include "request.h"

/* Cookie names: with --tls-proxy the __Host- prefix (Secure, Path=/, no
 * Domain: the browser refuses it from anywhere else). */
const char *auth_session_cookie(const req *r);
const char *auth_login_cookie(const req *r);

/* Set r->role and r->who from "Authorization: Bearer" or the session
 * cookie. An unknown or expired session leaves the request anonymous and
 * clears the cookie; an unknown token is a 401. Returns 0 to go on, or 1
 * with an answer queued (*ret). */
int auth_identify(req *r, enum MHD_Result *ret);
/* The session cookie only, for an error page answered before routing (404,
 * 405): its header then shows who is signed in, as every page does. Never
 * answers: any trouble leaves the request anonymous. */
void auth_identify_page(req *r);

/* A POST: the Origin header (or, without one, the Referer) must be this
 * server; with a session, the form field "csrf" (or the X-CSRF-Token
 * header) must be the session's token; anonymous (the sign-in form), it
 * must equal the sign-in cookie. API tokens need neither (no ambient
 * credentials). Returns 0, or 1 with a 403 queued (*ret). */
int auth_check_post(req *r, enum MHD_Result *ret);

/* Forms: start the post processor (415 if the type is not a form), feed
 * it, flush it at the end. */
enum MHD_Result auth_form_begin(req *r);
void auth_form_chunk(req *r, const char *data, size_t size);
void auth_form_end(req *r);

/* Free what a request collected (fields, cookies, body). */
void auth_req_free(req *r);

/* Session cookie value for `token` (or an expired one to clear it when
 * NULL), as a Set-Cookie header value into buf. */
void auth_cookie(const req *r, const char *name, const char *token,
                 char *buf, size_t size);

#endif
