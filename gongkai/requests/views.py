def queue_panel(request, org):
    return {}
