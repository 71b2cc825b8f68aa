/*
 * See meson.build. Compiled WITHOUT -DBIO_set_callback_ex=..., so the call
 * below reaches the real OpenSSL function.
 */
#include <openssl/bio.h>

static _Thread_local BIO_callback_fn_ex ms_orig_callback;

static long ms_bio_callback_wrapper(BIO *b, int oper, const char *argp,
                                    size_t len, int argi, long argl, int ret,
                                    size_t *processed)
{
    if (oper == (BIO_CB_CTRL | BIO_CB_RETURN) &&
        (argi == BIO_CTRL_GET_KTLS_SEND || argi == BIO_CTRL_GET_KTLS_RECV))
        return ret; /* what the mem BIO really answered: 0 */

    return ms_orig_callback(b, oper, argp, len, argi, argl, ret, processed);
}

void ms_shim_BIO_set_callback_ex(BIO *b, BIO_callback_fn_ex callback)
{
    if (callback != NULL) {
        ms_orig_callback = callback;
        callback = ms_bio_callback_wrapper;
    }

    BIO_set_callback_ex(b, callback);
}
