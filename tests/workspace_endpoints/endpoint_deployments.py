"""The two scripts that deploy what the endpoint tests share, each printing what it saw.

v1 (``ws`` ready): ``sk-svc`` (one model, key auth), ``multi-svc`` (two models, no auth),
``broken-svc`` (its ``init()`` fails). v2 (``ml`` ready): ``sk-ep`` (key) with ``blue``
serving and ``red`` failing, and ``yaml-ep`` (aml_token) with ``green``, from YAML.
"""

V1_DEPLOY = """
    def deploy(name, models, source, auth):
        config = InferenceConfig(entry_script="score.py", source_directory=source,
                                 environment=Environment(f"{name}-env"))
        deployment = AciWebservice.deploy_configuration(cpu_cores=1, memory_gb=1,
                                                        auth_enabled=auth)
        service = Model.deploy(ws, name, models, config, deployment, overwrite=True)
        try:
            service.wait_for_deployment(show_output=True)
            error = None
        except WebserviceException as exc:
            error = exc.message
        return service, error

    model = Model.register(ws, model_path="model_dir", model_name="sk-model")
    other = Model.register(ws, model_path="other_model", model_name="other-model")
    payload = json.dumps(json.load(open("request.json")))
    report = {}
    started = time.monotonic()
    secured, _ = deploy("sk-svc", [model], "src", True)
    report["deploy_seconds"] = time.monotonic() - started
    fetched = Webservice(ws, "sk-svc")
    report["secured"] = {"state": secured.state, "scoring_uri": secured.scoring_uri,
                         "result": secured.run(payload), "keys": list(secured.get_keys()),
                         "class": type(fetched).__name__, "fetched_state": fetched.state,
                         "auth_enabled": fetched.auth_enabled}
    open_svc, _ = deploy("multi-svc", [model, other], "src", False)
    report["open"] = {"state": open_svc.state, "scoring_uri": open_svc.scoring_uri,
                      "result": open_svc.run(payload)}
    broken, error = deploy("broken-svc", [model], "broken", False)
    report["broken"] = {"error": error, "state": Webservice(ws, "broken-svc").state,
                        "logs": broken.get_logs()}
    print(json.dumps(report))
"""

V2_DEPLOY = """
    def text(value):  # provisioning states are str enums
        return getattr(value, "value", value)

    def deploy(deployment):
        try:
            result = ml.online_deployments.begin_create_or_update(deployment).result()
            return text(result.provisioning_state), None
        except HttpResponseError as exc:
            return None, str(exc)

    report = {}
    ml.online_endpoints.begin_create_or_update(
        ManagedOnlineEndpoint(name="sk-ep", auth_mode="key")).result()
    environment = Environment(
        image="mcr.microsoft.com/azureml/minimal-ubuntu22.04-py39-cpu-inference:latest")
    started = time.monotonic()
    state, _ = deploy(ManagedOnlineDeployment(
        name="blue", endpoint_name="sk-ep", model=Model(path="model_dir"),
        code_configuration=CodeConfiguration(code="src", scoring_script="score.py"),
        environment=environment, instance_type="Standard_DS2_v2", instance_count=1))
    report["deploy_seconds"] = time.monotonic() - started
    endpoint = ml.online_endpoints.get("sk-ep")
    endpoint.traffic = {"blue": 100}
    endpoint = ml.online_endpoints.begin_create_or_update(endpoint).result()
    keys = ml.online_endpoints.get_keys("sk-ep")
    report["key"] = {
        "state": state, "scoring_uri": endpoint.scoring_uri, "traffic": endpoint.traffic,
        "result": json.loads(ml.online_endpoints.invoke("sk-ep", request_file="request.json")),
        "named": json.loads(ml.online_endpoints.invoke("sk-ep", request_file="request.json",
                                                       deployment_name="blue")),
        "keys": [keys.primary_key, keys.secondary_key],
        "logs": ml.online_deployments.get_logs("blue", "sk-ep", 50)}
    _, error = deploy(ManagedOnlineDeployment(
        name="red", endpoint_name="sk-ep", model=Model(path="model_dir"),
        code_configuration=CodeConfiguration(code="broken", scoring_script="score.py"),
        environment=environment, instance_type="Standard_DS3_v2", instance_count=1))
    report["broken"] = {"error": error,
                        "state": text(ml.online_deployments.get("red", "sk-ep").provisioning_state),
                        "logs": ml.online_deployments.get_logs("red", "sk-ep", 200)}
    ml.online_endpoints.begin_create_or_update(load_online_endpoint("endpoint.yml")).result()
    state, _ = deploy(load_online_deployment("deployment.yml"))
    token = ml.online_endpoints.get_keys("yaml-ep")
    report["token"] = {
        "state": state, "auth_mode": ml.online_endpoints.get("yaml-ep").auth_mode,
        "token": token.access_token,
        "scoring_uri": ml.online_endpoints.get("yaml-ep").scoring_uri,
        "result": json.loads(ml.online_endpoints.invoke("yaml-ep", request_file="request.json",
                                                        deployment_name="green"))}
    print(json.dumps(report))
"""
