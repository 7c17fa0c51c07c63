"""Pure rules of the admin context: job states and retries, uploads, edited versions."""
