"""The console script `leefloonmonitor`: the second face of the product beside the Streamlit app.

It imports downward only (diensten, data_access, domein); its sub-commands are declared in one
place, `cli.main.REGISTRATIES`.
"""
